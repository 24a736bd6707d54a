-- Create "dossier_months" table
CREATE TABLE `dossier_months` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `unit_id` integer NOT NULL, `month` integer NOT NULL, `received` integer NOT NULL DEFAULT (0), `online` integer NOT NULL DEFAULT (0), `direct` integer NOT NULL DEFAULT (0), `postal` integer NOT NULL DEFAULT (0), `resolved` integer NOT NULL DEFAULT (0), `early` integer NOT NULL DEFAULT (0), `on_time` integer NOT NULL DEFAULT (0), `late` integer NOT NULL DEFAULT (0), `resolved_without_due_date` integer NOT NULL DEFAULT (0), `other_closed` integer NOT NULL DEFAULT (0), `open_change` integer NOT NULL DEFAULT (0), `overdue_change` integer NOT NULL DEFAULT (0), `open_without_due_date_change` integer NOT NULL DEFAULT (0));
-- Set sequence for "dossier_months" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("dossier_months", 90194313216);
-- Create index "dossiermonth_unit_id_month" to table: "dossier_months"
CREATE UNIQUE INDEX `dossiermonth_unit_id_month` ON `dossier_months` (`unit_id`, `month`);
