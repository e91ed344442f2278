-- Node state for the foundation: the children this node onboarded, the join tokens it issued
-- (only a hash of each secret), the revocation lists it knows, and the event record of every
-- state change (the ledger issue makes that record tamper-evident).

create table child_node (
    region            varchar(6)   primary key,
    ca_certificate    bytea        not null,
    ca_serial         varchar(64)  not null,
    ca_fingerprint    varchar(64)  not null unique,
    tier_endpoint     varchar(255),
    joined_at         timestamptz  not null,
    revoked_at        timestamptz,
    revocation_reason varchar(255)
);

create table join_token (
    id          varchar(32)  primary key,
    secret_hash varchar(64)  not null,
    region      varchar(6)   not null,
    created_at  timestamptz  not null,
    expires_at  timestamptz  not null,
    used_at     timestamptz,
    used_by     varchar(64)
);

-- Latest CRL per issuing CA, from this node or flooded from anywhere in the hierarchy.
create table revocation_list (
    issuer_fingerprint varchar(64)  primary key,
    issuer_region      varchar(6)   not null,
    crl_number         bigint       not null,
    crl                bytea        not null,
    issuer_chain       bytea        not null,
    received_at        timestamptz  not null
);

create sequence crl_number_seq start with 1;

create table node_event (
    id          bigserial     primary key,
    occurred_at timestamptz   not null,
    type        varchar(64)   not null,
    actor       varchar(128)  not null,
    subject     varchar(128)  not null,
    detail      varchar(2000) not null
);

create index node_event_by_type on node_event (type, id);
