-- Create index "official_unit_id" to table: "officials"
CREATE INDEX `official_unit_id` ON `officials` (`unit_id`);
-- Create index "reformplan_unit_id_year" to table: "reform_plans"
CREATE INDEX `reformplan_unit_id_year` ON `reform_plans` (`unit_id`, `year`);
-- Create index "reformplan_parent_plan_id" to table: "reform_plans"
CREATE INDEX `reformplan_parent_plan_id` ON `reform_plans` (`parent_plan_id`);
-- Create index "task_plan_id" to table: "tasks"
CREATE INDEX `task_plan_id` ON `tasks` (`plan_id`);
-- Create index "task_lead_id" to table: "tasks"
CREATE INDEX `task_lead_id` ON `tasks` (`lead_id`);
-- Create index "unit_parent_id" to table: "units"
CREATE INDEX `unit_parent_id` ON `units` (`parent_id`);
-- Create index "unit_merged_into_id" to table: "units"
CREATE INDEX `unit_merged_into_id` ON `units` (`merged_into_id`);
