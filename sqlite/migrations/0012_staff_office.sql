-- The assignment forms read one office's staff (sqlstore.OfficeStaff);
-- without this index every such read scans the province's staff.
CREATE INDEX staff_office ON staff (office_code, id);
