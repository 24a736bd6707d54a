-- The province-wide indicator pull for PostGraphile, which has no indicator
-- engine: the dossier statement of internal/indicator (the one that costs
-- most of the request) as a function PostGraphile exposes as
-- dossierFigures(periodStart, periodEnd, under). It computes the dossier
-- figures of each commune under the unit only: not the staffing, plans,
-- tasks, feedback, budgets and findings cchc's indicators add.
CREATE SCHEMA IF NOT EXISTS loadtest;

CREATE OR REPLACE FUNCTION loadtest.dossier_figures(period_start timestamptz, period_end timestamptz, under text)
RETURNS TABLE (
  unit_id bigint, carried_over bigint, received_in_period bigint, online bigint, direct bigint, postal bigint,
  resolved bigint, early bigint, on_time bigint, late bigint, resolved_without_due_date bigint,
  pending bigint, pending_overdue bigint, pending_without_due_date bigint, other_closed bigint)
LANGUAGE sql STABLE AS $$
WITH RECURSIVE tree AS (
  SELECT u.id, u.level FROM units u WHERE u.code = under
  UNION ALL
  SELECT u.id, u.level FROM units u JOIN tree t ON u.parent_id = t.id
)
SELECT d.unit_id,
  SUM(CASE WHEN d.received_at < period_start THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.received_at >= period_start AND d.received_at < period_end THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.received_at >= period_start AND d.received_at < period_end AND d.channel = 'ONLINE' THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.received_at >= period_start AND d.received_at < period_end AND d.channel = 'DIRECT' THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.received_at >= period_start AND d.received_at < period_end AND d.channel = 'POSTAL' THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.status IN ('RESOLVED','RETURNED') AND d.finished_at >= period_start AND d.finished_at < period_end THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.status IN ('RESOLVED','RETURNED') AND d.finished_at >= period_start AND d.finished_at < period_end
    AND (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.status IN ('RESOLVED','RETURNED') AND d.finished_at >= period_start AND d.finished_at < period_end
    AND (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.status IN ('RESOLVED','RETURNED') AND d.finished_at >= period_start AND d.finished_at < period_end
    AND (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.status IN ('RESOLVED','RETURNED') AND d.finished_at >= period_start AND d.finished_at < period_end AND d.due_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.finished_at IS NULL OR d.finished_at >= period_end THEN 1 ELSE 0 END),
  SUM(CASE WHEN (d.finished_at IS NULL OR d.finished_at >= period_end) AND d.due_at < period_end THEN 1 ELSE 0 END),
  SUM(CASE WHEN (d.finished_at IS NULL OR d.finished_at >= period_end) AND d.due_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN d.status IN ('REJECTED','WITHDRAWN','STOPPED') AND d.finished_at >= period_start AND d.finished_at < period_end THEN 1 ELSE 0 END)
FROM dossiers d
WHERE d.archived_at IS NULL AND d.unit_id IN (SELECT id FROM tree WHERE level = 'COMMUNE')
  AND d.received_at < period_end AND (d.finished_at IS NULL OR d.finished_at >= period_start)
GROUP BY d.unit_id
$$;
