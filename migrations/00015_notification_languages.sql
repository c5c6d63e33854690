-- +goose Up
-- Notification templates per language: a person who chose English is told
-- in English where an English template exists, else in Vietnamese.
ALTER TABLE notification_templates
    ADD COLUMN lang text NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en'));
ALTER TABLE notification_templates DROP CONSTRAINT notification_templates_pkey;
ALTER TABLE notification_templates ADD PRIMARY KEY (event, channel, lang);

-- The inbox lists messages in the order of their events: several workers
-- may expand a later event first, so delivery ids are not in event order.
DROP INDEX deliveries_inbox_idx;
CREATE INDEX deliveries_inbox_idx ON deliveries (user_id, event_id DESC, id DESC) WHERE channel = 'inbox';

-- +goose Down
DROP INDEX deliveries_inbox_idx;
CREATE INDEX deliveries_inbox_idx ON deliveries (user_id, id DESC) WHERE channel = 'inbox';
DELETE FROM notification_templates WHERE lang <> 'vi';
ALTER TABLE notification_templates DROP CONSTRAINT notification_templates_pkey;
ALTER TABLE notification_templates ADD PRIMARY KEY (event, channel);
ALTER TABLE notification_templates DROP COLUMN lang;
