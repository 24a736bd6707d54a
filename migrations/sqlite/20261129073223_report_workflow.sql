-- Add column "snapshot" to table: "reports"
ALTER TABLE `reports` ADD COLUMN `snapshot` json NULL;
-- Add column "submitted_at" to table: "reports"
ALTER TABLE `reports` ADD COLUMN `submitted_at` datetime NULL;
-- Add column "reviewed_at" to table: "reports"
ALTER TABLE `reports` ADD COLUMN `reviewed_at` datetime NULL;
-- Add column "review_comment" to table: "reports"
ALTER TABLE `reports` ADD COLUMN `review_comment` text NULL;
