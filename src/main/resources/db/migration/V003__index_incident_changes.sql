-- The queue polls the newest change stamp to show new work without a manual refresh; without an index
-- that poll would scan every incident.
create index incident_hlc on incident (hlc);
