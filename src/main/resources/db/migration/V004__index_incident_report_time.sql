-- "Newest first" over all incidents (the queue's default order) needs an index led by the report time;
-- the existing ones are led by status or area.
create index incident_reported on incident (reported_at, id);
