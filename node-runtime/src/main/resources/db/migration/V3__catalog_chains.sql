-- Origin certificate chains are stored once and referenced by digest: a catch-up of many
-- thousand changes from one origin would otherwise store (and relay) the same chain each time.
create table catalog_chain (
    digest bytea primary key,   -- SHA-256 over the certificates' DER, concatenated in order
    chain  bytea not null       -- the same concatenated DER
);

insert into catalog_chain (digest, chain)
select distinct sha256(origin_chain), origin_chain from catalog_change
on conflict do nothing;

alter table catalog_change add column chain_digest bytea references catalog_chain (digest);
update catalog_change set chain_digest = sha256(origin_chain);
alter table catalog_change alter column chain_digest set not null;
alter table catalog_change drop column origin_chain;
