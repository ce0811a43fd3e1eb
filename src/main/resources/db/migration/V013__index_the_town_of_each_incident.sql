-- The queue filtered to one street (town, 街道) lists its incidents newest first. A street is a range of 12-digit
-- community codes, and an index led by area_code gives each community's incidents in time order but not the
-- street's: H2 read every incident of the street and sorted them (3.5 s a page on a million incidents,
-- docs/benchmarks.md). The street's code is the first nine digits; kept by the database, as taken_in_at (V011),
-- so no writer can forget it. An equality on it leaves the index in report-time order.
alter table incident add column town_code char(9) generated always as (substring(area_code from 1 for 9));

-- id after the time: the queue's order is (reported_at, id), so a page ends exactly where the next one starts.
-- voided and status make the street's count (and its open count) readable from the index alone.
create index incident_town_reported on incident (town_code, reported_at, id, voided, status);
