-- Add column "search_text" to table: "dossiers"
ALTER TABLE `dossiers` ADD COLUMN `search_text` text NULL;
-- Add column "search_text" to table: "officials"
ALTER TABLE `officials` ADD COLUMN `search_text` text NULL;
-- Add column "search_text" to table: "procedures"
ALTER TABLE `procedures` ADD COLUMN `search_text` text NULL;
-- Add column "search_text" to table: "reform_plans"
ALTER TABLE `reform_plans` ADD COLUMN `search_text` text NULL;
-- Add column "search_text" to table: "tasks"
ALTER TABLE `tasks` ADD COLUMN `search_text` text NULL;
-- Add column "search_text" to table: "units"
ALTER TABLE `units` ADD COLUMN `search_text` text NULL;
