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
create index incident_taken_in on incident (taken_in_at);
-- Closures per day in a window.
create index incident_closed on incident (closed_at);
