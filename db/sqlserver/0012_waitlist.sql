-- Waitlist: a client waits for a service over salon-local dates, optionally with a therapist or on a course package.
-- An offer holds one free time for the earliest waiting client whom the booking rules would let book it. The hold is
-- the booking's own guard: resource_claims rows (primary key on resource and granule) owned by the offer's id, so no
-- booking can take those granules while the hold stands. Accepting releases the hold and books through the normal
-- path in the same transaction; a declined or expired offer releases it. One open offer per entry (partial unique
-- index); the 'waitlist' cursor row is taken (skip-locked) by the one instance that makes offers at a time.

INSERT INTO outbox_cursors (name, position) SELECT 'waitlist', position FROM outbox_cursors WHERE name = 'head';

CREATE TABLE waitlist_entries (
    id            uniqueidentifier PRIMARY KEY,
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    service_id    uniqueidentifier NOT NULL REFERENCES services (id),
    therapist_id  uniqueidentifier NULL REFERENCES therapists (id),
    package_id    uniqueidentifier NULL REFERENCES packages (id),
    from_date     nchar(10) NOT NULL,
    to_date       nchar(10) NOT NULL,
    status        nvarchar(10) NOT NULL CHECK (status IN ('waiting', 'booked', 'cancelled')),
    channel       nvarchar(10) NOT NULL CHECK (channel IN ('desk', 'mobile')),
    booking_id    uniqueidentifier NULL REFERENCES bookings (id),
    created_at    datetimeoffset NOT NULL,
    created_by    uniqueidentifier NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX ix_waitlist_entries_waiting ON waitlist_entries (status, created_at);
CREATE INDEX ix_waitlist_entries_client ON waitlist_entries (client_id);

CREATE TABLE waitlist_offers (
    id            uniqueidentifier PRIMARY KEY,
    entry_id      uniqueidentifier NOT NULL REFERENCES waitlist_entries (id),
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    therapist_id  uniqueidentifier NOT NULL REFERENCES therapists (id),
    device_id     uniqueidentifier NULL REFERENCES devices (id),
    starts_at     datetimeoffset NOT NULL,
    ends_at       datetimeoffset NOT NULL,
    held_until    datetimeoffset NOT NULL,
    expires_at    datetimeoffset NOT NULL,
    status        nvarchar(10) NOT NULL CHECK (status IN ('offered', 'accepted', 'declined', 'expired', 'withdrawn')),
    booking_id    uniqueidentifier NULL REFERENCES bookings (id),
    notice        nvarchar(10) NULL CHECK (notice IN ('sending', 'sent', 'failed', 'skipped')),
    notice_channel nvarchar(8) NULL,
    created_at    datetimeoffset NOT NULL,
    decided_at    datetimeoffset NULL
);
CREATE UNIQUE INDEX ux_waitlist_offers_open ON waitlist_offers (entry_id) WHERE status = 'offered';
CREATE INDEX ix_waitlist_offers_due ON waitlist_offers (status, expires_at);
CREATE INDEX ix_waitlist_offers_therapist ON waitlist_offers (therapist_id, starts_at);
CREATE INDEX ix_waitlist_offers_device ON waitlist_offers (device_id, starts_at);
CREATE INDEX ix_waitlist_offers_entry ON waitlist_offers (entry_id);
