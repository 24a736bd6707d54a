-- Modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "assessments" table
ALTER TABLE "assessments" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "budget_lines" table
ALTER TABLE "budget_lines" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "budgets" table
ALTER TABLE "budgets" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "criteria" table
ALTER TABLE "criteria" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "criterion_scores" table
ALTER TABLE "criterion_scores" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "disciplinary_actions" table
ALTER TABLE "disciplinary_actions" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "dossiers" table
ALTER TABLE "dossiers" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "evidences" table
ALTER TABLE "evidences" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "feedbacks" table
ALTER TABLE "feedbacks" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "officials" table
ALTER TABLE "officials" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "procedures" table
ALTER TABLE "procedures" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "reform_plans" table
ALTER TABLE "reform_plans" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "reports" table
ALTER TABLE "reports" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "scoring_frameworks" table
ALTER TABLE "scoring_frameworks" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "staffing_quota" table
ALTER TABLE "staffing_quota" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "tasks" table
ALTER TABLE "tasks" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "trainings" table
ALTER TABLE "trainings" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
-- Modify "units" table
ALTER TABLE "units" ADD COLUMN "version" bigint NOT NULL DEFAULT 1;
