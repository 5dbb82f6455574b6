-- Reminders: a visit's confirmation and reminders, planned by the 'reminders' outbox consumer from booking events and
-- sent by whichever instance claims them (skip-locked rows, a lease). A reminder whose lease ran out unmarked (an
-- instance stopped mid-send) is marked failed, not sent again: a client never gets one message twice.
-- Each booking event plans its own rows (one per kind); a moved visit gets new rows, its old ones are cancelled.

INSERT INTO outbox_cursors (name, position) SELECT 'reminders', position FROM outbox_cursors WHERE name = 'head';

CREATE TABLE reminders (
    id            uuid PRIMARY KEY,
    booking_id    uuid NOT NULL REFERENCES bookings (id),
    client_id     uuid NOT NULL REFERENCES clients (id),
    kind          varchar(24) NOT NULL,
    starts_at     timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    status        varchar(12) NOT NULL CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled', 'skipped')),
    attempts      integer NOT NULL DEFAULT 0,
    channel       varchar(8) NULL,
    lease_until   timestamptz NULL,
    lease_owner   uuid NULL,
    sent_at       timestamptz NULL,
    last_error    varchar(500) NULL,
    created_at    timestamptz NOT NULL,
    event_position bigint NOT NULL,
    UNIQUE (booking_id, event_position, kind)
);
CREATE INDEX ix_reminders_due ON reminders (status, due_at);

-- A client's choice not to be messaged on a channel, with when it was made; a row per channel while it stands.
CREATE TABLE reminder_opt_outs (
    client_id     uuid NOT NULL REFERENCES clients (id),
    channel       varchar(8) NOT NULL CHECK (channel IN ('sms', 'push')),
    opted_out_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, channel)
);
