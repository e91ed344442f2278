-- Calls of data services under standing grants (issue 18, docs/protocols/exchange.md "Service calls").
-- The consumer node and the owner node each keep one row per call (usage registration); rows are
-- written in groups off the call's path. A relay keeps only counts per grant and period.
CREATE TABLE service_call (
    call_id       varchar(36)  NOT NULL,
    role          varchar(8)   NOT NULL,     -- consumer | owner
    grant_id      varchar(36)  NOT NULL,
    consumer_dept varchar(64)  NOT NULL,
    outcome       varchar(20)  NOT NULL,     -- CallOutcome name, or NO_ANSWER / ANSWER_REFUSED at the consumer
    detail        text,
    latency_ms    integer      NOT NULL,
    at            timestamptz  NOT NULL,
    PRIMARY KEY (call_id, role)
);
CREATE INDEX service_call_grant ON service_call (grant_id, role, at);

CREATE TABLE service_call_relayed (
    grant_id     varchar(36)  NOT NULL,
    period_start timestamptz  NOT NULL,      -- start of the minute the calls passed in
    calls        bigint       NOT NULL,
    answers      bigint       NOT NULL,
    bytes        bigint       NOT NULL,
    PRIMARY KEY (grant_id, period_start)
);
