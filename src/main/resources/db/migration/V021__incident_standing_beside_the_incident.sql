-- An incident's standing with the city lives in a narrow table beside it (decision 0019).
--
-- H2 writes an UPDATE of a row as a removal from and an addition to every index of the table, whatever columns
-- change. The incident table has sixteen, some of them wide (the queue's covering indexes), so marking an incident
-- PENDING when it is queued and SYNCED when the city's echo comes back cost two full rewrites per incident: most of
-- an office's first sync. Here a change of standing touches one narrow row.
--
-- state: LOCAL (never handed to the outbox: its whole state goes as one creation at the next round), PENDING
-- (changed since the city last confirmed it), SYNCED. server_version: the city's version the local row is based on.
-- Demo incidents never travel and have no row here.
create table incident_sync (
    incident_id     uuid primary key references incident (id) on delete cascade,
    state           varchar(8) not null check (state in ('LOCAL', 'PENDING', 'SYNCED')),
    server_version  bigint
);

insert into incident_sync (incident_id, state, server_version)
    select id, sync_state, server_version from incident where demo = false;

-- Finds the incidents never queued without a scan.
create index incident_sync_local on incident_sync (state);

drop index incident_sync_state;
alter table incident drop column sync_state;
alter table incident drop column server_version;
