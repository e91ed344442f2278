-- The exchange retry sweep (FrameRetry) reads every unfinished exchange and the owner's recently
-- finished ones a few times a minute; these keep that read off a scan of the whole table.
create index exchange_unfinished on exchange (id)
    where state not in ('CONFIRMED', 'DENIED', 'EXPIRED', 'FAILED', 'CLOSED');
create index exchange_owner_updated on exchange (updated_at) where role = 'owner';
