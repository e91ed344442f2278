-- The signed policy packs a node enforces: one per issuing node on its path from national down to
-- itself (its ancestors' packs arrive over the tier link; its own is published by its operator).
create table policy_pack (
    issuer      varchar(6)  primary key,   -- region code of the issuing node
    pack_id     varchar(64) not null,
    version     bigint      not null,
    body        bytea       not null,      -- the pack file's exact bytes
    signature   bytea       not null,      -- the detached signature file
    recorded_at timestamptz not null
);
