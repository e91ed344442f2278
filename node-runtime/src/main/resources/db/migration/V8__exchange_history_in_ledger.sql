-- An exchange's history at a node is its ledger entries (decision 0011): exchange_event held a
-- second copy of every state change, written in the same transaction as the entry. The ledger
-- entries are looked up by exchange id (their subject).
create index node_event_by_subject on node_event (subject, id);

-- Changes recorded before the ledger wrote exchange entries (none since V7) become entries now, in
-- their order, so that no history is lost; the sequencer gives them positions like any new entry.
-- A detail over the column's 2,000 characters is cut visibly, as EntryText cuts it.
insert into node_event (occurred_at, type, actor, subject, detail)
select e.at, 'exchange.' || lower(replace(e.state, '_', '-')), e.role, e.exchange_id, case when length(e.detail) <= 2000 then e.detail else left(e.detail, 1990) || ' [cut]' end
from exchange_event e
where not exists (select 1 from node_event n where n.subject = e.exchange_id and n.actor = e.role
                  and n.type = 'exchange.' || lower(replace(e.state, '_', '-')))
order by e.at, e.seq;

drop table exchange_event;
