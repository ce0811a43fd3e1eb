-- The dispute figures of a window (accepted, concluded, agreed amounts: the dashboard and the monthly report)
-- select by registration or closing time, and neither had an index: every refresh read the whole dispute table,
-- each row with its summary, or every closed dispute ever through the status index — 80 ms of each refresh on
-- the demo's 20,000 disputes and growing with the years (docs/benchmarks.md). Registrations are counted from
-- this index alone (the group columns are in it); a window's closures
-- (status first: the figures count closed disputes, and H2 prefers an index that serves the equality) are few
-- and looked up in the table.
create index dispute_registered on dispute (registered_at, voided, area_code, dispute_type, mediator_code);
create index dispute_closed on dispute (status, closed_at, voided, area_code);
