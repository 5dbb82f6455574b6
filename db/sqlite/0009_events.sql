-- Events out: the transactional outbox, webhook subscriptions and their deliveries.
-- An event's position is taken from the 'head' cursor row, whose lock each writing transaction holds until it commits,
-- so positions follow commit order without gaps: a reader that saw position n has seen every position below it.
-- Other cursors ('webhooks', and later consumers) record how far each consumer has read; a consumer takes its row
-- inside its transaction; SQLite has one writer at a time anyway.

CREATE TABLE outbox_cursors (
    name      TEXT PRIMARY KEY,
    position  INTEGER NOT NULL CHECK (position >= 0)
);
INSERT INTO outbox_cursors (name, position) VALUES ('head', 0), ('webhooks', 0);

CREATE TABLE outbox (
    position     INTEGER PRIMARY KEY CHECK (position > 0),
    id           TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    data         TEXT NOT NULL
);

CREATE TABLE webhook_subscriptions (
    id               TEXT PRIMARY KEY,
    url              TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    event_types      TEXT NOT NULL,
    description      TEXT NULL,
    secret           TEXT NOT NULL,
    active           INTEGER NOT NULL CHECK (active IN (0, 1)),
    paused_at        TEXT NULL,
    failures_in_row  INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_position   INTEGER NOT NULL REFERENCES outbox (position),
    subject_id       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    give_up_at       TEXT NOT NULL,
    lease_until      TEXT NULL,
    lease_owner      TEXT NULL,
    last_attempt_at  TEXT NULL,
    last_status      INTEGER NULL,
    last_error       TEXT NULL,
    delivered_at     TEXT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (subscription_id, event_position)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_subject ON webhook_deliveries (subscription_id, subject_id, event_position);
