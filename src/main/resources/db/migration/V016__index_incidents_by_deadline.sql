-- The queue sorted by deadline ("due soonest") without a status or deadline filter — every incident, or a
-- street's — had no index in that order: H2 sorted the whole table for each page, about 20 s on a million
-- incidents (docs/benchmarks.md). Read in this index's order instead: the incidents with a deadline first, then
-- those without, each part a walk that stops after the page. voided and area_code are in it so that the filters
-- the walk serves (everything, a district or a street) are tested without reading the table.
create index incident_due on incident (due_at, id, voided, area_code);
