-- Where the data of this node's own resources comes from: an uploaded file, a department API or a
-- PostgreSQL table. Node-local: nothing here is signed or cascaded to other tiers. Secrets (a
-- database password, API-key headers) are kept in their own column so that no read meant for
-- display selects them.
create table data_source (
    resource_id varchar(64)  primary key,
    kind        varchar(16)  not null check (kind in ('upload', 'http', 'postgres')),
    config      text         not null,
    secrets     text         not null,
    columns     text         not null,
    row_count   bigint,
    updated_at  timestamptz  not null,
    updated_by  varchar(64)  not null
);
