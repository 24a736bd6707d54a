-- Create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject` text NOT NULL, `display_name` text NULL, `role` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `unit_id` integer NOT NULL, CONSTRAINT `accounts_units_accounts` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("accounts", 55834574848);
-- Create index "accounts_subject_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_subject_key` ON `accounts` (`subject`);
