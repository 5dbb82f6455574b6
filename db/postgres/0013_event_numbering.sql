-- Events are numbered after they commit instead of under the 'head' row's lock (issue 17). The lock made every
-- writing transaction wait for the one before it to commit, its WAL flush included: writers ran one at a time.
-- Now a writer inserts its events with a provisional negative position, -nextval of outbox_pending, drawn just before
-- its commit. Whoever holds the head row (a publisher, or a consumer starting its round) gives the committed pending
-- events positions after the head, in the order their numbers were drawn. A reader still sees positions without gaps
-- and never a position below one it has read; a change that waited for another (the client's lock, a booking's row)
-- drew its number after that one committed, so it is numbered after it.
ALTER TABLE outbox DROP CONSTRAINT outbox_position_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_position_check CHECK (position <> 0);
CREATE SEQUENCE outbox_pending AS bigint;
-- Giving a pending event its position changes the key deliveries refer to: the check looks them up by it.
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_position);
-- Each keyed request first drops its caller's expired keys: found by expiry, not by reading every key of the caller
-- (a desk's day of bookings).
CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (scope, expires_at);
