-- Create "budgets" table
CREATE TABLE `budgets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `fiscal_year` integer NOT NULL, `approved_on` datetime NULL, `published_on` datetime NULL, `unit_id` integer NOT NULL, CONSTRAINT `budgets_units_budgets` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Create index "budget_unit_id_fiscal_year" to table: "budgets"
CREATE UNIQUE INDEX `budget_unit_id_fiscal_year` ON `budgets` (`unit_id`, `fiscal_year`);
-- Create "budget_lines" table
CREATE TABLE `budget_lines` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `direction` text NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `estimate` integer NOT NULL, `actual` integer NULL, `budget_id` integer NOT NULL, CONSTRAINT `budget_lines_budgets_lines` FOREIGN KEY (`budget_id`) REFERENCES `budgets` (`id`) ON DELETE NO ACTION);
-- Set sequence for "budget_lines" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("budget_lines", 4294967296);
-- Create index "budgetline_budget_id_direction_code" to table: "budget_lines"
CREATE UNIQUE INDEX `budgetline_budget_id_direction_code` ON `budget_lines` (`budget_id`, `direction`, `code`);
-- Create "disciplinary_actions" table
CREATE TABLE `disciplinary_actions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `form` text NOT NULL, `decision_number` text NULL, `decided_on` datetime NOT NULL, `reason` text NULL, `official_id` integer NOT NULL, CONSTRAINT `disciplinary_actions_officials_disciplinary_actions` FOREIGN KEY (`official_id`) REFERENCES `officials` (`id`) ON DELETE NO ACTION);
-- Set sequence for "disciplinary_actions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("disciplinary_actions", 8589934592);
-- Create "dossiers" table
CREATE TABLE `dossiers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `code` text NOT NULL, `channel` text NOT NULL, `received_at` datetime NOT NULL, `due_at` datetime NULL, `finished_at` datetime NULL, `status` text NOT NULL DEFAULT ('RECEIVED'), `procedure_id` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `dossiers_procedures_dossiers` FOREIGN KEY (`procedure_id`) REFERENCES `procedures` (`id`) ON DELETE NO ACTION, CONSTRAINT `dossiers_units_dossiers` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "dossiers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("dossiers", 12884901888);
-- Create index "dossier_unit_id_code" to table: "dossiers"
CREATE UNIQUE INDEX `dossier_unit_id_code` ON `dossiers` (`unit_id`, `code`);
-- Create index "dossier_unit_id_received_at" to table: "dossiers"
CREATE INDEX `dossier_unit_id_received_at` ON `dossiers` (`unit_id`, `received_at`);
-- Create index "dossier_unit_id_finished_at" to table: "dossiers"
CREATE INDEX `dossier_unit_id_finished_at` ON `dossiers` (`unit_id`, `finished_at`);
-- Create "feedbacks" table
CREATE TABLE `feedbacks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `received_at` datetime NOT NULL, `resolved_at` datetime NULL, `content` text NOT NULL, `dossier_id` integer NULL, `unit_id` integer NOT NULL, CONSTRAINT `feedbacks_dossiers_feedbacks` FOREIGN KEY (`dossier_id`) REFERENCES `dossiers` (`id`) ON DELETE SET NULL, CONSTRAINT `feedbacks_units_feedbacks` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "feedbacks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("feedbacks", 17179869184);
-- Create "officials" table
CREATE TABLE `officials` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `full_name` text NOT NULL, `category` text NOT NULL, `position` text NOT NULL, `concurrent_positions` json NULL, `party_member` bool NOT NULL DEFAULT (false), `political_theory` text NOT NULL DEFAULT ('NONE'), `education` text NOT NULL DEFAULT ('UNTRAINED'), `birth_date` datetime NULL, `phone` text NULL, `email` text NULL, `started_on` datetime NULL, `ended_on` datetime NULL, `unit_id` integer NOT NULL, CONSTRAINT `officials_units_officials` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "officials" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("officials", 21474836480);
-- Create "procedures" table
CREATE TABLE `procedures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `code` text NOT NULL, `name` text NOT NULL, `field` text NOT NULL, `processing_days` integer NOT NULL, `online_service` text NOT NULL DEFAULT ('NONE'));
-- Set sequence for "procedures" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("procedures", 25769803776);
-- Create index "procedures_code_key" to table: "procedures"
CREATE UNIQUE INDEX `procedures_code_key` ON `procedures` (`code`);
-- Create "reform_plans" table
CREATE TABLE `reform_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `year` integer NOT NULL, `number` text NULL, `title` text NOT NULL, `area` text NOT NULL, `issued_on` datetime NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `parent_plan_id` integer NULL, `unit_id` integer NOT NULL, CONSTRAINT `reform_plans_reform_plans_child_plans` FOREIGN KEY (`parent_plan_id`) REFERENCES `reform_plans` (`id`) ON DELETE SET NULL, CONSTRAINT `reform_plans_units_plans` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "reform_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("reform_plans", 30064771072);
-- Create "reports" table
CREATE TABLE `reports` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `period_year` integer NOT NULL, `period_kind` text NOT NULL, `period_index` integer NOT NULL, `number` text NULL, `direction_summary` text NULL, `strengths` text NULL, `limitations` text NULL, `directions` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `unit_id` integer NOT NULL, CONSTRAINT `reports_units_reports` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "reports" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("reports", 34359738368);
-- Create index "report_unit_id_period_year_period_kind_period_index" to table: "reports"
CREATE UNIQUE INDEX `report_unit_id_period_year_period_kind_period_index` ON `reports` (`unit_id`, `period_year`, `period_kind`, `period_index`);
-- Create "staffing_quota" table
CREATE TABLE `staffing_quota` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `year` integer NOT NULL, `can_bo` integer NOT NULL, `cong_chuc` integer NOT NULL, `part_time` integer NULL, `unit_id` integer NOT NULL, CONSTRAINT `staffing_quota_units_staffing_quotas` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "staffing_quota" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("staffing_quota", 38654705664);
-- Create index "staffingquota_unit_id_year" to table: "staffing_quota"
CREATE UNIQUE INDEX `staffingquota_unit_id_year` ON `staffing_quota` (`unit_id`, `year`);
-- Create "tasks" table
CREATE TABLE `tasks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `title` text NOT NULL, `area` text NOT NULL, `due_on` datetime NULL, `status` text NOT NULL DEFAULT ('NOT_STARTED'), `completed_on` datetime NULL, `progress` integer NOT NULL DEFAULT (0), `result` text NULL, `lead_id` integer NULL, `plan_id` integer NOT NULL, CONSTRAINT `tasks_officials_led_tasks` FOREIGN KEY (`lead_id`) REFERENCES `officials` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_reform_plans_tasks` FOREIGN KEY (`plan_id`) REFERENCES `reform_plans` (`id`) ON DELETE NO ACTION);
-- Set sequence for "tasks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("tasks", 42949672960);
-- Create "trainings" table
CREATE TABLE `trainings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `title` text NOT NULL, `organizer` text NULL, `started_on` datetime NULL, `ended_on` datetime NULL, `certificate` text NULL, `official_id` integer NOT NULL, CONSTRAINT `trainings_officials_trainings` FOREIGN KEY (`official_id`) REFERENCES `officials` (`id`) ON DELETE NO ACTION);
-- Set sequence for "trainings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("trainings", 47244640256);
-- Create "units" table
CREATE TABLE `units` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `level` text NOT NULL, `kind` text NOT NULL, `classification` text NULL, `valid_from` datetime NULL, `valid_to` datetime NULL, `parent_id` integer NULL, `merged_into_id` integer NULL, CONSTRAINT `units_units_children` FOREIGN KEY (`parent_id`) REFERENCES `units` (`id`) ON DELETE SET NULL, CONSTRAINT `units_units_merged_from` FOREIGN KEY (`merged_into_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- Set sequence for "units" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("units", 51539607552);
-- Create index "units_code_key" to table: "units"
CREATE UNIQUE INDEX `units_code_key` ON `units` (`code`);
-- Create "official_collaborating_tasks" table
CREATE TABLE `official_collaborating_tasks` (`official_id` integer NOT NULL, `task_id` integer NOT NULL, PRIMARY KEY (`official_id`, `task_id`), CONSTRAINT `official_collaborating_tasks_official_id` FOREIGN KEY (`official_id`) REFERENCES `officials` (`id`) ON DELETE CASCADE, CONSTRAINT `official_collaborating_tasks_task_id` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE CASCADE);
