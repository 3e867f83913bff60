-- A courier's warnings are listed as the warnings they own over all
-- months (sqlstore's dispatch scope builds that list once per request),
-- so the owner index of 0009 leads with the owner; owner and month
-- together still read it in the list's order.
DROP INDEX warnings_month_owner_risk;
CREATE INDEX warnings_owner_month_risk ON warnings (owner_staff_id, month, revenue_at_risk_fen DESC, id);
-- Statistics for the planner on the warnings already stored (SaveWarnings
-- refreshes them after each analysis).
ANALYZE warnings;
