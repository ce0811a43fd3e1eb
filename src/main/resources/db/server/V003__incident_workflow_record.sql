-- The workflow's record travels with the incident (decision 0014): the channel it came in by, when it was
-- accepted, dispatched, due, resolved and closed, the requested deadline of a pending extension, the citizen's
-- rating and the result note, so every office (and the city's figures) sees the same dates. last_step is the
-- most recent workflow step as JSON (action, from, to, office, operator, moment, note, mutation id), so a
-- console can show in its history a step another office took.
alter table incident add column channel varchar(24);
alter table incident add column accepted_at timestamp with time zone;
alter table incident add column dispatched_at timestamp with time zone;
alter table incident add column due_at timestamp with time zone;
alter table incident add column requested_due_at timestamp with time zone;
alter table incident add column resolved_at timestamp with time zone;
alter table incident add column closed_at timestamp with time zone;
alter table incident add column satisfaction varchar(24);
alter table incident add column result_note varchar(2000);
alter table incident add column last_step varchar(4000);
