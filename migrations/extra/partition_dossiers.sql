-- Partition the dossiers by the year they were received (PostgreSQL only).
--
-- Not a migration: `cchc migrate` never applies it. An operator applies it
-- once, with the server stopped, when one table of dossiers grows too large
-- (docs/SCALING.md says when and what it costs):
--
--   psql -v ON_ERROR_STOP=1 -1 -f migrations/extra/partition_dossiers.sql "$DATABASE_URL"
--
-- and each December creates the next year's partition:
--
--   SELECT cchc_dossier_partition(2027);
--
-- internal/bench/partition_test.go applies it to a generated province and
-- checks that the API answers exactly as on the unpartitioned table.
--
-- What it does, in one transaction under an exclusive lock:
-- 1. builds `dossiers` anew as a table partitioned by RANGE (received_at),
--    one partition per year in Vietnam's time (1 January 00:00 +07:00, the
--    boundaries of the periods), from the first year of the rows to next
--    year, and a default partition for anything outside them; moves the
--    rows, IDs unchanged, and carries the ID sequence on;
-- 2. keeps every column, default, check, foreign key and ordinary index of
--    the table as the migrations left it (read from the catalog, so that
--    later migrations need not change this file);
-- 3. cannot keep what PostgreSQL does not allow on a partitioned table, a
--    unique constraint without the partition key:
--    - the primary key becomes (id, received_at); IDs stay unique because
--      only the sequence assigns them;
--    - each unique index without received_at, such as (unit_id, code),
--      is created on each partition: unique within a year, no longer across
--      years;
--    - a foreign key of another table to dossiers(id), such as
--      feedbacks.dossier_id, is replaced by triggers doing its work: a row
--      naming a dossier that does not exist is refused with the same error,
--      and deleting a dossier applies the key's ON DELETE action.

-- The per-row checks that replace foreign keys to dossiers(id).
-- TG_ARGV: the constraint's name, the referencing column.
CREATE OR REPLACE FUNCTION cchc_dossier_reference_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ref bigint;
BEGIN
	EXECUTE format('SELECT ($1).%I', TG_ARGV[1]) INTO ref USING NEW;
	IF ref IS NOT NULL THEN
		PERFORM 1 FROM dossiers WHERE id = ref FOR KEY SHARE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_ARGV[0]
				USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (%s)=(%s) is not present in table "dossiers".', TG_ARGV[1], ref);
		END IF;
	END IF;
	RETURN NEW;
END $$;

-- TG_ARGV: the referencing table, its column, the constraint's name, and
-- its ON DELETE action as pg_constraint.confdeltype (a, r, c, n, d).
CREATE OR REPLACE FUNCTION cchc_dossier_reference_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	referenced boolean;
BEGIN
	CASE TG_ARGV[3]
	WHEN 'n' THEN
		EXECUTE format('UPDATE %s SET %I = NULL WHERE %I = $1', TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]) USING OLD.id;
	WHEN 'd' THEN
		EXECUTE format('UPDATE %s SET %I = DEFAULT WHERE %I = $1', TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]) USING OLD.id;
	WHEN 'c' THEN
		EXECUTE format('DELETE FROM %s WHERE %I = $1', TG_ARGV[0], TG_ARGV[1]) USING OLD.id;
	ELSE
		EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I = $1)', TG_ARGV[0], TG_ARGV[1]) INTO referenced USING OLD.id;
		IF referenced THEN
			RAISE EXCEPTION 'update or delete on table "dossiers" violates foreign key constraint "%" on table "%"', TG_ARGV[2], TG_ARGV[0]
				USING ERRCODE = 'foreign_key_violation';
		END IF;
	END CASE;
	RETURN OLD;
END $$;

-- cchc_dossier_partition creates the partition of a year, with the unique
-- indexes each partition holds (copied from the newest partition of a year).
CREATE OR REPLACE FUNCTION cchc_dossier_partition(y int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	part text := format('dossiers_%s', y);
	template text;
	ix record;
BEGIN
	IF to_regclass(part) IS NOT NULL THEN
		RETURN;
	END IF;
	SELECT c.relname INTO template FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
	WHERE i.inhparent = 'dossiers'::regclass AND c.relname ~ '^dossiers_[0-9]{4}$'
	ORDER BY c.relname DESC LIMIT 1;
	EXECUTE format('CREATE TABLE %I PARTITION OF dossiers FOR VALUES FROM (%L) TO (%L)',
		part, format('%s-01-01 00:00:00+07', y), format('%s-01-01 00:00:00+07', y + 1));
	FOR ix IN
		SELECT ic.relname AS name, pg_get_indexdef(x.indexrelid) AS def
		FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
		WHERE x.indrelid = to_regclass(template) AND x.indisunique
			AND NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = x.indexrelid) -- not part of an index of the whole table
	LOOP
		EXECUTE regexp_replace(ix.def, '^CREATE UNIQUE INDEX \S+ ON \S+ ',
			format('CREATE UNIQUE INDEX %I ON %I ', part || substr(ix.name, length(template) + 1), part));
	END LOOP;
END $$;

DO $$
DECLARE
	zone constant text := 'Asia/Ho_Chi_Minh';
	first_year int;
	last_year int;
	seq text := pg_get_serial_sequence('dossiers', 'id');
	seq_last bigint;
	seq_called boolean;
	plain text[] := '{}';    -- CREATE INDEX of the ordinary indexes
	uniques text[] := '{}';  -- CREATE UNIQUE INDEX of the unique indexes without received_at
	uniques_whole text[] := '{}'; -- unique indexes with received_at: kept on the whole table
	fks text[] := '{}';      -- the foreign keys of dossiers
	refs record;
	def text;
	y int;
BEGIN
	IF (SELECT relkind FROM pg_class WHERE oid = 'dossiers'::regclass) = 'p' THEN
		RAISE NOTICE 'dossiers is partitioned already';
		RETURN;
	END IF;
	LOCK TABLE dossiers IN ACCESS EXCLUSIVE MODE;

	SELECT coalesce(min(extract(year FROM received_at AT TIME ZONE zone))::int, extract(year FROM now() AT TIME ZONE zone)::int),
	       coalesce(max(extract(year FROM received_at AT TIME ZONE zone))::int, 0)
	INTO first_year, last_year FROM dossiers;
	last_year := greatest(last_year, extract(year FROM now() AT TIME ZONE zone)::int + 1);
	EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO seq_last, seq_called;

	-- What the catalog says of the table as the migrations left it.
	FOR refs IN
		SELECT pg_get_indexdef(x.indexrelid) AS def, x.indisunique AS is_unique,
			EXISTS (SELECT 1 FROM unnest(x.indkey) k JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k
			        WHERE a.attname = 'received_at') AS has_key
		FROM pg_index x WHERE x.indrelid = 'dossiers'::regclass AND NOT x.indisprimary
	LOOP
		IF NOT refs.is_unique THEN
			plain := plain || refs.def;
		ELSIF refs.has_key THEN
			uniques_whole := uniques_whole || refs.def;
		ELSE
			uniques := uniques || refs.def;
		END IF;
	END LOOP;
	SELECT coalesce(array_agg(format('ALTER TABLE dossiers ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid))), '{}')
	INTO fks FROM pg_constraint WHERE conrelid = 'dossiers'::regclass AND contype = 'f';

	-- The partitioned table, with its first partition of a year and the
	-- default partition holding the unique indexes of a partition, then the
	-- other years copying them; the rows.
	ALTER TABLE dossiers RENAME TO dossiers_unpartitioned;
	CREATE TABLE dossiers (LIKE dossiers_unpartitioned INCLUDING ALL EXCLUDING INDEXES) PARTITION BY RANGE (received_at);
	EXECUTE format('CREATE TABLE %I PARTITION OF dossiers FOR VALUES FROM (%L) TO (%L)',
		'dossiers_' || first_year, format('%s-01-01 00:00:00+07', first_year), format('%s-01-01 00:00:00+07', first_year + 1));
	CREATE TABLE dossiers_default PARTITION OF dossiers DEFAULT;
	FOREACH def IN ARRAY uniques LOOP
		EXECUTE regexp_replace(def, '^CREATE UNIQUE INDEX (\S+) ON \S+ ', 'CREATE UNIQUE INDEX dossiers_' || first_year || '_\1 ON dossiers_' || first_year || ' ');
		EXECUTE regexp_replace(def, '^CREATE UNIQUE INDEX (\S+) ON \S+ ', 'CREATE UNIQUE INDEX dossiers_default_\1 ON dossiers_default ');
	END LOOP;
	FOR y IN first_year + 1 .. last_year LOOP
		PERFORM cchc_dossier_partition(y);
	END LOOP;
	INSERT INTO dossiers SELECT * FROM dossiers_unpartitioned;

	-- The foreign keys to dossiers(id) go with the old table; triggers take their place.
	FOR refs IN
		SELECT c.conrelid::regclass::text AS tbl, c.conname, a.attname AS col, c.confdeltype AS action
		FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		WHERE c.confrelid = 'dossiers_unpartitioned'::regclass AND c.contype = 'f' AND c.conrelid <> c.confrelid
	LOOP
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', refs.tbl, refs.conname);
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OF %I ON %s FOR EACH ROW EXECUTE FUNCTION cchc_dossier_reference_check(%L, %L)',
			refs.conname, refs.col, refs.tbl, refs.conname, refs.col);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON dossiers FOR EACH ROW EXECUTE FUNCTION cchc_dossier_reference_delete(%L, %L, %L, %L)',
			refs.conname, refs.tbl, refs.col, refs.conname, refs.action);
	END LOOP;
	DROP TABLE dossiers_unpartitioned;
	EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', pg_get_serial_sequence('dossiers', 'id'), split_part(seq, '.', 2));
	PERFORM setval(seq, seq_last, seq_called);

	-- The keys and indexes of the whole table, built once the rows are in.
	ALTER TABLE dossiers ADD PRIMARY KEY (id, received_at);
	FOREACH def IN ARRAY plain || uniques_whole LOOP
		EXECUTE def;
	END LOOP;
	FOREACH def IN ARRAY fks LOOP
		EXECUTE def;
	END LOOP;
END $$;

ANALYZE dossiers;
