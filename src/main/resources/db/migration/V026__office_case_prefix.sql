-- The letters a office's case numbers begin with (BY for 白云, JT for 景泰), named at first start when the demo is not
-- loaded. Null: the prefix in the settings (office.casePrefix), as before.
alter table office add column case_prefix varchar(8);
