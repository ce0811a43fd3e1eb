-- An operator has seen a conflict record from the city and accepted its result (采用市级结果) on this console.
-- Kept apart from "resolved", which is the city's word and comes back with every pull of the record: a record the
-- city sends again (after a server restore, or a new version) must not reappear here once seen, and a record seen
-- here is not thereby resolved for the other offices or for the dispatcher.
alter table sync_record add column acknowledged boolean not null default false;
