-- Written by hand: the server caches each account's caller (its unit, the
-- units under and above it) and must hear of every change to the accounts and
-- the units, whoever makes it (`cchc token` in another process, another
-- server, psql). These triggers notify the channel cchc_viewers when such a
-- change commits (internal/auth/cache.go).
CREATE FUNCTION cchc_viewers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cchc_viewers', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER accounts_viewers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION cchc_viewers_changed();
CREATE TRIGGER units_viewers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION cchc_viewers_changed();
