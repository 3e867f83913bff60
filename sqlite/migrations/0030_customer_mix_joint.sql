-- The customer mix also counts each contract customer's items by
-- destination province and product together (dim 'j', value
-- '<province>|<product>'), so that a refusal of a province and one of a
-- product in force at once take each refused item out of its
-- expectation once, by the customer's own joint share. Filled here from
-- the stored waybills; the import keeps it from now on.
INSERT INTO customer_mix (customer_code, month, dim, value, items, postage_fen)
SELECT customer_code, day / 100, 'j', json_extract(fields, '$[8]') || '|' || json_extract(fields, '$[3]'),
	COUNT(*), SUM(json_extract(fields, '$[5]'))
FROM waybills WHERE customer_code <> '' AND json_extract(fields, '$[8]') <> '' AND json_extract(fields, '$[3]') <> ''
GROUP BY customer_code, day / 100, json_extract(fields, '$[8]'), json_extract(fields, '$[3]');
