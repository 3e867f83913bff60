-- Indexes for the scoped lists the web pages read on every request.
--
-- The warnings list (ScopedWarnings) counts a month's warnings within a
-- scope and reads one page of them, highest revenue at risk first. With
-- only the (month, customer, phone) key every such request read all the
-- month's rows and sorted them: at city scale, 50 users at once spent 85%
-- of the server's time there. One index per way the list is narrowed
-- (the whole month, a kind, an office, a courier), each in the list's
-- order, so that a count reads only the index and a page stops after its
-- rows. A city's offices are several office probes or the month's order.
CREATE INDEX warnings_month_risk ON warnings (month, revenue_at_risk_fen DESC, id);
CREATE INDEX warnings_month_kind_risk ON warnings (month, kind, revenue_at_risk_fen DESC, id);
CREATE INDEX warnings_month_office_risk ON warnings (month, office_code, revenue_at_risk_fen DESC, id);
CREATE INDEX warnings_month_owner_risk ON warnings (month, owner_staff_id, revenue_at_risk_fen DESC, id);

-- A courier's offices (ScopedOffices, the list's office filter) are those
-- of the customers they own: without an index, a scan of every customer.
CREATE INDEX customers_owner ON customers (owner_staff_id, office_code);
-- A city manager's scope is the offices of their city.
CREATE INDEX offices_city ON offices (city);
