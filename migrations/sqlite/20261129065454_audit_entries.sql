-- Create "audit_entries" table
CREATE TABLE `audit_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `subject` text NOT NULL, `role` text NOT NULL, `operation` text NOT NULL, `record_type` text NOT NULL, `record_id` integer NOT NULL, `before` json NULL, `after` json NULL, `unit_id` integer NOT NULL, CONSTRAINT `audit_entries_units_audit_entries` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "audit_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_entries", 60129542144);
-- Create index "auditentry_unit_id_at" to table: "audit_entries"
CREATE INDEX `auditentry_unit_id_at` ON `audit_entries` (`unit_id`, `at`);
-- Create index "auditentry_record_type_record_id" to table: "audit_entries"
CREATE INDEX `auditentry_record_type_record_id` ON `audit_entries` (`record_type`, `record_id`);
