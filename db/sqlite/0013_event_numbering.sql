-- Events are numbered after they commit on PostgreSQL (issue 17). SQLite has one writer at a time: it keeps numbering
-- events under the 'head' row as it writes them.
-- Each keyed request first drops its caller's expired keys: found by expiry, not by reading every key of the caller
-- (a desk's day of bookings).
CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (scope, expires_at);
