-- Modify "dossiers" table
ALTER TABLE "dossiers" ADD COLUMN "search_text" character varying NULL;
-- Create index "dossier_search_text" to table: "dossiers"
CREATE INDEX "dossier_search_text" ON "dossiers" USING gin ("search_text" gin_trgm_ops);
-- Modify "officials" table
ALTER TABLE "officials" ADD COLUMN "search_text" character varying NULL;
-- Create index "official_search_text" to table: "officials"
CREATE INDEX "official_search_text" ON "officials" USING gin ("search_text" gin_trgm_ops);
-- Modify "procedures" table
ALTER TABLE "procedures" ADD COLUMN "search_text" character varying NULL;
-- Create index "procedure_search_text" to table: "procedures"
CREATE INDEX "procedure_search_text" ON "procedures" USING gin ("search_text" gin_trgm_ops);
-- Modify "reform_plans" table
ALTER TABLE "reform_plans" ADD COLUMN "search_text" character varying NULL;
-- Create index "reformplan_search_text" to table: "reform_plans"
CREATE INDEX "reformplan_search_text" ON "reform_plans" USING gin ("search_text" gin_trgm_ops);
-- Modify "tasks" table
ALTER TABLE "tasks" ADD COLUMN "search_text" character varying NULL;
-- Create index "task_search_text" to table: "tasks"
CREATE INDEX "task_search_text" ON "tasks" USING gin ("search_text" gin_trgm_ops);
-- Modify "units" table
ALTER TABLE "units" ADD COLUMN "search_text" character varying NULL;
-- Create index "unit_search_text" to table: "units"
CREATE INDEX "unit_search_text" ON "units" USING gin ("search_text" gin_trgm_ops);
