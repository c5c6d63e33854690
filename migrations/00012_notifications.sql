-- +goose Up
-- Notifications: what each event tells the applicant on each channel (the
-- templates), what each person wants (channels), and every delivery with
-- its state. A delivery is made from an outbox event (written in the
-- same transaction as the change), once per event, channel and address.

CREATE TABLE notification_templates (
    event      text        NOT NULL,
    channel    text        NOT NULL CHECK (channel IN ('inbox', 'email', 'sms')),
    subject    text        NOT NULL DEFAULT '',
    body       text        NOT NULL,
    updated_by bigint      REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event, channel)
);

-- A person's channels besides the in-app inbox (always on).
CREATE TABLE notification_prefs (
    user_id bigint  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email   boolean NOT NULL DEFAULT true,
    sms     boolean NOT NULL DEFAULT false
);

CREATE TABLE deliveries (
    id              bigserial   PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
    dossier_id      bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    user_id         bigint      REFERENCES users (id) ON DELETE SET NULL,
    channel         text        NOT NULL CHECK (channel IN ('inbox', 'email', 'sms')),
    -- The e-mail address or phone number; for the inbox, 'user:<id>'.
    address         text        NOT NULL,
    subject         text        NOT NULL DEFAULT '',
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text        NOT NULL DEFAULT '',
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    sent_at         timestamptz,
    read_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Never twice to the same address for the same event.
    UNIQUE (event_id, channel, address)
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'queued';
CREATE INDEX deliveries_dossier_idx ON deliveries (dossier_id, id);
CREATE INDEX deliveries_inbox_idx ON deliveries (user_id, id DESC) WHERE channel = 'inbox';
CREATE INDEX deliveries_unread_idx ON deliveries (user_id) WHERE channel = 'inbox' AND read_at IS NULL;

-- +goose Down
DROP TABLE deliveries;
DROP TABLE notification_prefs;
DROP TABLE notification_templates;
