-- Risk alert rules (docs/decisions/0020-risk-rules-and-compliance-reports.md).

-- How far each reader of the ledger got: the position (leaf_index) of the last entry the ledger-driven
-- rules judged. Moved in the transaction that raises their alerts, so a restart neither misses nor repeats one.
create table risk_rule_cursor (
    name     varchar(32)  primary key,
    position bigint       not null
);

-- The compliance counter and the rules read an exchange's answers from its ledger entries by type and time.
create index node_event_by_type_time on node_event (type, occurred_at);

-- Deduplication looks for an unresolved alert of this node's own about one rule and subject.
create index alert_rule_subject on alert (kind, subject, raised_at desc);
