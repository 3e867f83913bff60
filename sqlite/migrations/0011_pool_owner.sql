-- pool_owner is the owner a manager gave a customer from the unowned pool
-- (未管户) in postcrm, while it is still the owner. The CRM export stays
-- the master of owners, but it is older than such an assignment: a
-- customers import that says unowned keeps the pool's owner; one that
-- names an owner replaces it and clears pool_owner (sqlstore/pool_owner.go).
ALTER TABLE customers ADD COLUMN pool_owner TEXT NOT NULL DEFAULT '';
-- Each customers batch reads the few customers with a pool owner.
CREATE INDEX customers_pool_owner ON customers (code) WHERE pool_owner <> '';
-- Assignments made before this migration are in the audit log (see
-- AssignOwner): the customers whose owner is still the one the latest
-- of them gave. The log has no index by target, so the customers with an
-- entry are found in one pass over it before each one's latest entry is
-- looked up.
UPDATE customers SET pool_owner = owner_staff_id
WHERE owner_staff_id <> '' AND code IN (
	SELECT substr(target, 10) FROM audit_log WHERE action = 'data_change' AND target LIKE 'customer:%'
) AND (
	SELECT a.detail FROM audit_log a
	WHERE a.action = 'data_change' AND a.target = 'customer:' || customers.code
	ORDER BY a.at DESC, a.id DESC LIMIT 1
) LIKE '%-> "' || owner_staff_id || '"; open warnings handed over';
