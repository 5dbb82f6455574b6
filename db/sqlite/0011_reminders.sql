-- Reminders: a visit's confirmation and reminders, planned by the 'reminders' outbox consumer from booking events and
-- sent by whichever instance claims them (skip-locked rows, a lease). A reminder whose lease ran out unmarked (an
-- instance stopped mid-send) is marked failed, not sent again: a client never gets one message twice.
-- Each booking event plans its own rows (one per kind); a moved visit gets new rows, its old ones are cancelled.

INSERT INTO outbox_cursors (name, position) SELECT 'reminders', position FROM outbox_cursors WHERE name = 'head';

CREATE TABLE reminders (
    id            TEXT PRIMARY KEY,
    booking_id    TEXT NOT NULL REFERENCES bookings (id),
    client_id     TEXT NOT NULL REFERENCES clients (id),
    kind          TEXT NOT NULL,
    starts_at     TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled', 'skipped')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    channel       TEXT NULL,
    lease_until   TEXT NULL,
    lease_owner   TEXT NULL,
    sent_at       TEXT NULL,
    last_error    TEXT NULL,
    created_at    TEXT NOT NULL,
    event_position INTEGER NOT NULL,
    UNIQUE (booking_id, event_position, kind)
);
CREATE INDEX ix_reminders_due ON reminders (status, due_at);

-- A client's choice not to be messaged on a channel, with when it was made; a row per channel while it stands.
CREATE TABLE reminder_opt_outs (
    client_id     TEXT NOT NULL REFERENCES clients (id),
    channel       TEXT NOT NULL CHECK (channel IN ('sms', 'push')),
    opted_out_at  TEXT NOT NULL,
    PRIMARY KEY (client_id, channel)
);
