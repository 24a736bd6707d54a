-- Written by hand: the server keeps the procedures of the national catalogue
-- that dossiers may name (internal/rule/catalogue.go) and must hear of every
-- change to them, whoever makes it. This trigger notifies the channel
-- cchc_catalogue when such a change commits.
CREATE FUNCTION cchc_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cchc_catalogue', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER procedures_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON procedures
  FOR EACH STATEMENT EXECUTE FUNCTION cchc_catalogue_changed();
