-- Modify "reports" table
ALTER TABLE "reports" ADD COLUMN "snapshot" jsonb NULL, ADD COLUMN "submitted_at" timestamptz NULL, ADD COLUMN "reviewed_at" timestamptz NULL, ADD COLUMN "review_comment" character varying NULL;
