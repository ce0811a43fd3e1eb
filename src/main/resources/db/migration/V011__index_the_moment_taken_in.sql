-- The figures of a window (today, this week, a month) count the incidents taken in (立案) during it. "Taken in"
-- is the acceptance, or the report for an incident that left "reported" without one (handled on the spot,
-- imported); merged duplicates are never taken in, and neither is one still reported or declined. As an
-- expression over two columns no index could serve it, so a window over a million incidents read them all
-- (docs/benchmarks.md). Kept by the database itself, so no writer can forget it.
alter table incident add column taken_in_at timestamp with time zone generated always as (
    case
        when status = 'MERGED' then null
        when accepted_at is not null then accepted_at
        when status not in ('REPORTED', 'DECLINED') then reported_at
    end);

-- Covering indexes for the figures: every column the window's counts, breakdowns and working-time groups read
-- is in the index, so the database answers from the index alone. Through a plain index each row costs a look-up
-- in the table, about 40 µs on a million incidents when the table is larger than the cache: 2.4–3.5 s for a
-- month's 80,000 rows against 0.12–0.17 s from a covering index (docs/benchmarks.md).
create index incident_window on incident (taken_in_at, voided, area_code, status, closed_at, reported_at, due_at,
    resolved_at, dispatched_at, satisfaction, rework_count, escalation_level, category_code, channel, id);
-- Open work at a moment, overdue work and the busiest grids read the open statuses; the queue's "open, newest
-- first" keeps its leading columns.
drop index incident_status_reported;
create index incident_status_reported on incident (status, reported_at, voided, area_code, due_at, grid_id, id);
-- Closures per day, and work closed after a moment (open at that moment).
create index incident_closed on incident (closed_at, status, voided, area_code, reported_at, grid_id, id);
-- "Handled on the spot" is looked up in an incident's history by action; "declined after a moment" starts from
-- the declines after it.
create index incident_event_action on incident_event (incident_id, action, occurred_at);
create index incident_event_by_action on incident_event (action, occurred_at, incident_id);
