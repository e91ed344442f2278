-- The audit ledger (decision 0011). node_event already holds every state change, written in the
-- transaction of the change; the sequencer gives each row its position in the Merkle log
-- (leaf_index, gap-free, in commit order) and keeps the leaf hash it signed over.

alter table node_event add column digest bytea;
alter table node_event add column leaf_index bigint unique;
alter table node_event add column leaf_hash bytea;

-- Rows waiting for the sequencer; small, since they are sequenced within a second.
create index node_event_unsequenced on node_event (id) where leaf_index is null;

-- Every tree head this node signed, and the parent's receipt once it anchored it.
create table ledger_head (
    tree_size        bigint       primary key,
    head             bytea        not null,
    signature        bytea        not null,
    signed_at        timestamptz  not null,
    anchored_at      timestamptz,
    anchor_parent    varchar(6),
    anchor_signature bytea,
    anchor_chain     bytea
);

-- At a parent: the newest head of each child it anchored, and the last alert it raised for it.
create table ledger_anchor (
    child_region varchar(6)   primary key,
    tree_size    bigint       not null,
    head         bytea        not null,
    signature    bytea        not null,
    anchored_at  timestamptz  not null,
    alert        varchar(500),
    alerted_at   timestamptz
);
