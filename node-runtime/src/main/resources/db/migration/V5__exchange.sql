-- Exchanges as each node on the route sees them. A node holds one row per exchange and role:
-- consumer (its department asked), owner (its department provides), relay (on the way).

alter table department add column clearance varchar(16) not null default 'L3';

create table exchange (
    id                varchar(36)  not null,
    role              varchar(8)   not null,
    state             varchar(20)  not null,
    consumer_region   varchar(6)   not null,
    consumer_dept     varchar(64)  not null,
    owner_region      varchar(6)   not null,
    resource_id       varchar(64)  not null,
    purpose           text         not null,
    -- The consumer node's signed request, kept verbatim: hops compare retries by its digest.
    request_body      bytea        not null,
    request_signature bytea        not null,
    request_chain     bytea        not null,
    request_digest    bytea        not null,
    -- The owner's newest signed update (every hop keeps it to re-send after an outage).
    update_seq        integer      not null default 0,
    update_body       bytea,
    update_signature  bytea,
    update_chain      bytea,
    reason            text,
    rules             text,
    approval_deadline timestamptz,
    not_after         timestamptz,
    -- Owner: the data key wrapped for the consumer; consumer: the same key wrapped at rest.
    stored_key        bytea,
    chunk_count       bigint,
    row_count         bigint,
    content_digest    bytea,
    receipt_body      bytea,
    receipt_signature bytea,
    purged_at         timestamptz,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    primary key (id, role)
);
create index exchange_consumer on exchange (consumer_dept, created_at desc) where role = 'consumer';
create index exchange_pending on exchange (state, approval_deadline) where role = 'owner';

-- Every state an exchange passed through at this node, for the consumer's history and the auditor.
create table exchange_event (
    exchange_id varchar(36)  not null,
    role        varchar(8)   not null,
    seq         serial       not null,
    state       varchar(20)  not null,
    detail      text         not null,
    at          timestamptz  not null,
    primary key (exchange_id, role, seq)
);

-- Usage registration at the consumer node: who took which data, when, under which grant.
create table exchange_usage (
    id           bigserial    primary key,
    exchange_id  varchar(36)  not null,
    department   varchar(64)  not null,
    action       varchar(16)  not null,
    format       varchar(16),
    rows         bigint,
    grant_digest bytea        not null,
    at           timestamptz  not null
);
create index exchange_usage_exchange on exchange_usage (exchange_id, at);
