-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_audit_entries" table
CREATE TABLE `new_audit_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `subject` text NOT NULL, `role` text NOT NULL, `operation` text NOT NULL, `record_type` text NOT NULL, `record_id` integer NOT NULL, `before` json NULL, `after` json NULL, `unit_id` integer NOT NULL);
-- Set sequence for "new_audit_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_audit_entries", 60129542144);
-- Copy rows from old table "audit_entries" to new temporary table "new_audit_entries"
INSERT INTO `new_audit_entries` (`id`, `at`, `subject`, `role`, `operation`, `record_type`, `record_id`, `before`, `after`, `unit_id`) SELECT `id`, `at`, `subject`, `role`, `operation`, `record_type`, `record_id`, `before`, `after`, `unit_id` FROM `audit_entries`;
-- Drop "audit_entries" table after copying rows
DROP TABLE `audit_entries`;
-- Rename temporary table "new_audit_entries" to "audit_entries"
ALTER TABLE `new_audit_entries` RENAME TO `audit_entries`;
-- Create index "auditentry_unit_id_at" to table: "audit_entries"
CREATE INDEX `auditentry_unit_id_at` ON `audit_entries` (`unit_id`, `at`);
-- Create index "auditentry_record_type_record_id" to table: "audit_entries"
CREATE INDEX `auditentry_record_type_record_id` ON `audit_entries` (`record_type`, `record_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
