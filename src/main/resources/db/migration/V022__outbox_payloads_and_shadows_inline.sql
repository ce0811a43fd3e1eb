-- Outbox payloads and the city's copies of incidents kept in the row (decision 0019).
--
-- As CLOBs, H2 kept each in its LOB maps: a first sync of 100,000 incidents wrote 200,000 LOBs and read 100,000
-- back, each a separate structure. An incident's payload is a kilobyte or two; a mediation case's snapshot, the
-- largest thing a console sends, is at most 200,000 characters (SyncLimits.MAX_CASE_CHARS).
alter table sync_outbox alter column payload set data type varchar(1000000);
alter table sync_shadow alter column data set data type varchar(1000000);
