-- Reminders: a visit's confirmation and reminders, planned by the 'reminders' outbox consumer from booking events and
-- sent by whichever instance claims them (skip-locked rows, a lease). A reminder whose lease ran out unmarked (an
-- instance stopped mid-send) is marked failed, not sent again: a client never gets one message twice.
-- Each booking event plans its own rows (one per kind); a moved visit gets new rows, its old ones are cancelled.

INSERT INTO outbox_cursors (name, position) SELECT 'reminders', position FROM outbox_cursors WHERE name = 'head';

CREATE TABLE reminders (
    id            uniqueidentifier PRIMARY KEY,
    booking_id    uniqueidentifier NOT NULL REFERENCES bookings (id),
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    kind          nvarchar(24) NOT NULL,
    starts_at     datetimeoffset NOT NULL,
    due_at        datetimeoffset NOT NULL,
    status        nvarchar(12) NOT NULL CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled', 'skipped')),
    attempts      int NOT NULL DEFAULT 0,
    channel       nvarchar(8) NULL,
    lease_until   datetimeoffset NULL,
    lease_owner   uniqueidentifier NULL,
    sent_at       datetimeoffset NULL,
    last_error    nvarchar(500) NULL,
    created_at    datetimeoffset NOT NULL,
    event_position bigint NOT NULL,
    UNIQUE (booking_id, event_position, kind)
);
CREATE INDEX ix_reminders_due ON reminders (status, due_at);

-- A client's choice not to be messaged on a channel, with when it was made; a row per channel while it stands.
CREATE TABLE reminder_opt_outs (
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    channel       nvarchar(8) NOT NULL CHECK (channel IN ('sms', 'push')),
    opted_out_at  datetimeoffset NOT NULL,
    PRIMARY KEY (client_id, channel)
);
