-- Subscriptions (decision 0025): a standing grant of mode SUBSCRIPTION delivers the changes of its
-- resource as a series of increments, each an ordinary exchange of its own. The owner keeps where
-- the series stands; both ends keep which exchange is which increment.

create table subscription (
    -- The subscription's exchange id (its standing grant).
    id           varchar(36) not null,
    role         varchar(8)  not null,
    -- Owner: the update column's value (an uploaded file's SHA-256) reached by the last increment
    -- that closed, as text; null: no row had a value when the subscription began.
    mark         text,
    -- Owner: the increment last announced (UpdateBody.increments_available); consumer: the
    -- highest announcement seen.
    announced    bigint      not null default 0,
    -- Owner: the last increment that ended (closed, failed, expired or denied); the next one is
    -- announced only after it, so increments never overlap.
    settled      bigint      not null default 0,
    -- Consumer: when its department unsubscribed (no increment is requested after it).
    cancelled_at timestamptz,
    created_at   timestamptz not null,
    primary key (id, role)
);

create table subscription_increment (
    subscription_id varchar(36) not null,
    role            varchar(8)  not null,
    increment       bigint      not null,
    exchange_id     varchar(36) not null,
    -- Owner: the subscription's mark when the increment was read, and the mark its rows reach
    -- (set once sealed); the subscription moves to mark_to when the increment closes.
    mark_from       text,
    mark_to         text,
    created_at      timestamptz not null,
    primary key (subscription_id, role, increment),
    unique (exchange_id, role)
);
