-- Create "assessments" table
CREATE TABLE `assessments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `self_assessed_at` datetime NULL, `self_assessed_by` text NULL, `appraised_at` datetime NULL, `appraised_by` text NULL, `approved_at` datetime NULL, `approved_by` text NULL, `returned_at` datetime NULL, `returned_by` text NULL, `return_reason` text NULL, `framework_id` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `assessments_scoring_frameworks_assessments` FOREIGN KEY (`framework_id`) REFERENCES `scoring_frameworks` (`id`) ON DELETE NO ACTION, CONSTRAINT `assessments_units_assessments` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "assessments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("assessments", 64424509440);
-- Create index "assessment_framework_id_unit_id" to table: "assessments"
CREATE UNIQUE INDEX `assessment_framework_id_unit_id` ON `assessments` (`framework_id`, `unit_id`);
-- Create "criteria" table
CREATE TABLE `criteria` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `code` text NOT NULL, `title` text NOT NULL, `max_points` real NOT NULL, `area` text NOT NULL, `method` text NOT NULL DEFAULT ('MANUAL'), `indicator` text NULL, `rule_kind` text NULL, `threshold` real NULL, `bands` json NULL, `guidance` text NULL, `parent_id` integer NULL, `framework_id` integer NOT NULL, CONSTRAINT `criteria_criteria_sub_criteria` FOREIGN KEY (`parent_id`) REFERENCES `criteria` (`id`) ON DELETE SET NULL, CONSTRAINT `criteria_scoring_frameworks_criteria` FOREIGN KEY (`framework_id`) REFERENCES `scoring_frameworks` (`id`) ON DELETE NO ACTION);
-- Set sequence for "criteria" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("criteria", 85899345920);
-- Create index "criterion_framework_id_code" to table: "criteria"
CREATE UNIQUE INDEX `criterion_framework_id_code` ON `criteria` (`framework_id`, `code`);
-- Create "criterion_scores" table
CREATE TABLE `criterion_scores` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `unit_id` integer NOT NULL, `not_applicable` bool NOT NULL DEFAULT (false), `self_score` real NULL, `self_note` text NULL, `computed_value` real NULL, `formula` text NULL, `appraised_score` real NULL, `appraisal_reason` text NULL, `final_score` real NULL, `final_reason` text NULL, `assessment_id` integer NOT NULL, `criterion_id` integer NOT NULL, CONSTRAINT `criterion_scores_assessments_scores` FOREIGN KEY (`assessment_id`) REFERENCES `assessments` (`id`) ON DELETE NO ACTION, CONSTRAINT `criterion_scores_criteria_scores` FOREIGN KEY (`criterion_id`) REFERENCES `criteria` (`id`) ON DELETE NO ACTION);
-- Set sequence for "criterion_scores" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("criterion_scores", 73014444032);
-- Create index "criterionscore_assessment_id_criterion_id" to table: "criterion_scores"
CREATE UNIQUE INDEX `criterionscore_assessment_id_criterion_id` ON `criterion_scores` (`assessment_id`, `criterion_id`);
-- Create index "criterionscore_unit_id" to table: "criterion_scores"
CREATE INDEX `criterionscore_unit_id` ON `criterion_scores` (`unit_id`);
-- Create "evidences" table
CREATE TABLE `evidences` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `unit_id` integer NOT NULL, `title` text NOT NULL, `url` text NULL, `file_name` text NULL, `content_type` text NULL, `size` integer NOT NULL DEFAULT (0), `sha256` text NULL, `content` blob NULL, `added_by` text NOT NULL, `score_id` integer NOT NULL, CONSTRAINT `evidences_criterion_scores_evidence` FOREIGN KEY (`score_id`) REFERENCES `criterion_scores` (`id`) ON DELETE NO ACTION);
-- Set sequence for "evidences" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("evidences", 77309411328);
-- Create "scoring_frameworks" table
CREATE TABLE `scoring_frameworks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `year` integer NOT NULL, `level` text NOT NULL, `title` text NOT NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `published_at` datetime NULL, `copied_from_id` integer NULL, `unit_id` integer NOT NULL, CONSTRAINT `scoring_frameworks_scoring_frameworks_copies` FOREIGN KEY (`copied_from_id`) REFERENCES `scoring_frameworks` (`id`) ON DELETE SET NULL, CONSTRAINT `scoring_frameworks_units_scoring_frameworks` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "scoring_frameworks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("scoring_frameworks", 81604378624);
-- Create index "scoringframework_unit_id_year_level" to table: "scoring_frameworks"
CREATE UNIQUE INDEX `scoringframework_unit_id_year_level` ON `scoring_frameworks` (`unit_id`, `year`, `level`);
