-- Supervision across tiers (docs/operator-guide.md, "Supervision"; docs/protocols/supervision.md).

-- Ciphertext bytes of a delivery, from the owner's totals (reports count bytes delivered).
alter table exchange add column byte_count bigint;

-- Risk alerts: those raised here (origin = this node, signed_body set once signed) and those that
-- climbed to here from the subtree (received_from = the child link they came over). Each has a
-- lifecycle open -> acknowledged -> resolved; every change is also a ledger entry.
alter table alert add column uid varchar(36);
update alert set uid = md5(id::text || raised_at::text || kind)::uuid::text where uid is null;
alter table alert alter column uid set not null;
alter table alert alter column uid set default gen_random_uuid()::text;
alter table alert add constraint alert_uid unique (uid);
alter table alert add column origin varchar(6);
alter table alert add column severity varchar(8) not null default 'medium';
alter table alert add column evidence varchar(400) not null default '';
alter table alert add column state varchar(12) not null default 'open';
alter table alert add column acknowledged_by varchar(128);
alter table alert add column acknowledged_at timestamptz;
alter table alert add column resolved_by varchar(128);
alter table alert add column resolved_at timestamptz;
alter table alert add column note varchar(500);
alter table alert add column received_from varchar(6);
-- The origin's signed form (supervision.v1.Signed of an AlertBody), as forwarded upward.
alter table alert add column signed bytea;
-- Whether it still has to be sent to the parent (raised here or received, and climbing further).
alter table alert add column climb_pending boolean not null default false;
create index alert_open on alert (state, raised_at desc);
create index alert_climbing on alert (id) where climb_pending;

-- Alert changes made here or received, to forward as far as the alert went.
create table alert_change (
    id            bigserial    primary key,
    alert_uid     varchar(36)  not null,
    signed        bytea        not null,
    climb_pending boolean      not null default true,
    received_at   timestamptz  not null
);
create index alert_change_climbing on alert_change (id) where climb_pending;

-- Signed supervision reports of this node (sent up) and of every node below it (received).
create table supervision_report (
    region         varchar(6)   not null,
    period_from    timestamptz  not null,
    period_to      timestamptz  not null,
    seq            bigint       not null,
    -- supervision.v1.Signed of a ReportBody, verified on arrival.
    signed         bytea        not null,
    received_from  varchar(6),
    received_at    timestamptz  not null,
    climb_pending  boolean      not null default true,
    primary key (region, period_from)
);
create index supervision_report_period on supervision_report (period_to, region);

-- The newest report of each region, kept beside the history so the summary reads one row per node.
create table supervision_newest (
    region      varchar(6)   primary key,
    period_from timestamptz  not null,
    signed      bytea        not null
);
create index supervision_report_climbing on supervision_report (received_at) where climb_pending;

-- Emergency directives and lifts: issued here, or received from the parent, or refused.
create table directive (
    uid         varchar(36)  primary key,
    issuer      varchar(6)   not null,
    target      varchar(6)   not null,
    kind        varchar(24)  not null,
    department  varchar(64),
    resource_id varchar(64),
    level       varchar(8),
    reason      varchar(500) not null,
    issued_at   timestamptz  not null,
    -- set on a lift: the directive it ends
    lifts       varchar(36),
    -- supervision.v1.Signed of the DirectiveBody
    signed      bytea        not null,
    received_at timestamptz  not null
);
create index directive_lifts on directive (lifts) where lifts is not null;
