-- Resource catalog: departments attached to this node, the catalog as this node sees it, the
-- per-origin change log that cascades between tiers, and sync cursors.

-- Trigram search over titles and abstracts; with the cluster's UTF-8 ctype, Chinese characters
-- count as word characters, so two- and three-character Chinese terms are indexed.
create extension if not exists pg_trgm;

create table department (
    id           varchar(64)  primary key,
    name         varchar(255) not null,
    created_at   timestamptz  not null,
    suspended_at timestamptz
);

-- One row per resource visible here: this node's own and those received over tier links.
create table catalog_entry (
    origin        varchar(6)   not null,
    resource_id   varchar(64)  not null,
    version       integer      not null,
    seq           bigint       not null,
    title         varchar(500) not null,
    abstract      text         not null,
    provider_dept varchar(64)  not null,
    category      varchar(32)  not null,
    level         varchar(16)  not null,
    sharing_type  varchar(16)  not null,
    scope         varchar(16)  not null,
    updated_at    timestamptz  not null,
    withdrawn_at  timestamptz,
    descriptor    text         not null,
    primary key (origin, resource_id)
);
create index catalog_entry_text on catalog_entry using gin ((title || ' ' || abstract) gin_trgm_ops);
create index catalog_entry_page on catalog_entry (updated_at desc, origin, resource_id);

-- Signed changes, numbered per origin; kept so they can be relayed and re-sent after an outage.
create table catalog_change (
    origin       varchar(6)  not null,
    seq          bigint      not null,
    resource_id  varchar(64) not null,
    version      integer     not null,
    kind         varchar(8)  not null,
    scope        varchar(16) not null,
    body         bytea       not null,
    signature    bytea       not null,
    origin_chain bytea       not null,
    recorded_at  timestamptz not null,
    primary key (origin, seq)
);

-- Highest change applied here per origin (for this node's own origin: highest issued).
create table catalog_origin (
    origin   varchar(6) primary key,
    last_seq bigint     not null
);

-- Highest change of each origin that a peer acknowledged: a sender resumes from here.
create table catalog_cursor (
    peer      varchar(6) not null,
    origin    varchar(6) not null,
    acked_seq bigint     not null,
    primary key (peer, origin)
);

create table alert (
    id        bigserial     primary key,
    raised_at timestamptz   not null,
    kind      varchar(64)   not null,
    subject   varchar(128)  not null,
    detail    varchar(2000) not null
);
