-- The certificate chain every request and update carries is stored once (it is the same ~1.3 KB
-- for every message of one node key) and referenced from the exchange rows by its SHA-256, a local
-- storage key only. Stored in each row, it was compressed and moved out of line on every write.
-- No foreign key: the store writes a chain in the transaction of the first row that names it, and
-- a key check would lock the hot chain rows on every insert.
create table exchange_chain (
    digest bytea primary key,
    der    bytea not null
);

insert into exchange_chain (digest, der)
select distinct sha256(c), c from (
    select request_chain c from exchange
    union select update_chain from exchange where update_chain is not null) chains
on conflict do nothing;

alter table exchange add column request_chain_digest bytea;
alter table exchange add column update_chain_digest bytea;
update exchange set request_chain_digest = sha256(request_chain),
                    update_chain_digest = case when update_chain is null then null else sha256(update_chain) end;
alter table exchange alter column request_chain_digest set not null;
alter table exchange drop column request_chain;
alter table exchange drop column update_chain;
