-- The signed policy packs a node holds: one per issuing node on its path from national down to
-- itself (its ancestors' packs arrive over the tier link; its own is published by its operator).
-- A row stays when its issuer's pack leaves the lineage: its version is the mark no later lineage
-- may fall below (no rollback).
create table policy_pack (
    issuer      varchar(6)  primary key,   -- region code of the issuing node
    pack_id     varchar(64) not null,
    version     bigint      not null,
    body        bytea       not null,      -- the pack file's exact bytes
    signature   bytea       not null,      -- the detached signature file (with the signer's chain)
    in_lineage  boolean     not null,      -- part of what the parent last sent (always true for the own pack)
    recorded_at timestamptz not null
);
