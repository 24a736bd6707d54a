-- Modify "audit_entries" table
ALTER TABLE "audit_entries" DROP CONSTRAINT "audit_entries_units_audit_entries";
