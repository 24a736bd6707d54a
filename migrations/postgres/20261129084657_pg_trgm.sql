-- Written by hand, before the migration adding the search columns: their GIN
-- indexes use the trigram operator class of pg_trgm (a trusted extension of
-- PostgreSQL's contrib, so a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
