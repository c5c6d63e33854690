-- +goose Up
-- The file store's sweep asks, for each old file, whether a row still
-- names it: attachments have an index on their key (00008), issued
-- documents get theirs.
CREATE INDEX documents_storage_key_idx ON documents (storage_key);

-- +goose Down
DROP INDEX documents_storage_key_idx;
