-- Events out: the transactional outbox, webhook subscriptions and their deliveries.
-- An event's position is taken from the 'head' cursor row, whose lock each writing transaction holds until it commits,
-- so positions follow commit order without gaps: a reader that saw position n has seen every position below it.
-- Other cursors ('webhooks', and later consumers) record how far each consumer has read; a consumer takes its row
-- with SKIP LOCKED, so one instance at a time reads it.

CREATE TABLE outbox_cursors (
    name      varchar(64) PRIMARY KEY,
    position  bigint NOT NULL CHECK (position >= 0)
);
INSERT INTO outbox_cursors (name, position) VALUES ('head', 0), ('webhooks', 0);

CREATE TABLE outbox (
    position     bigint PRIMARY KEY CHECK (position > 0),
    id           uuid NOT NULL UNIQUE,
    type         varchar(64) NOT NULL,
    subject_id   uuid NOT NULL,
    occurred_at  timestamptz NOT NULL,
    data         text NOT NULL
);

CREATE TABLE webhook_subscriptions (
    id               uuid PRIMARY KEY,
    url              varchar(2000) NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    event_types      varchar(2000) NOT NULL,
    description      varchar(200) NULL,
    secret           varchar(100) NOT NULL,
    active           boolean NOT NULL,
    paused_at        timestamptz NULL,
    failures_in_row  integer NOT NULL DEFAULT 0,
    version          bigint NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_position   bigint NOT NULL REFERENCES outbox (position),
    subject_id       uuid NOT NULL,
    status           varchar(16) NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    give_up_at       timestamptz NOT NULL,
    lease_until      timestamptz NULL,
    lease_owner      uuid NULL,
    last_attempt_at  timestamptz NULL,
    last_status      integer NULL,
    last_error       varchar(500) NULL,
    delivered_at     timestamptz NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (subscription_id, event_position)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_subject ON webhook_deliveries (subscription_id, subject_id, event_position);
