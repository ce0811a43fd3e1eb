-- A migration that fails after its first statement has changed the schema: H2 commits DDL as it runs.
alter table app_setting add column left_by_a_failed_upgrade int;
select no_such_column from app_setting;
