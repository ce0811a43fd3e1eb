-- An incident whose creation the city refused stands apart: REFUSED (市级未接收).
--
-- Until now such an incident stayed PENDING for good: the round queues only LOCAL incidents, the refusal handling
-- only puts an incident back to the city's copy (there is none), and every later step on it went out as an edit of
-- an incident the city does not have. REFUSED incidents are not queued and their steps are not sent; the clerk
-- corrects the incident and resubmits it, which makes it LOCAL again, so the next round sends one fresh creation
-- with its state as it then is.
--
-- H2 named the column's check constraint itself, so the narrow table is made again with the wider check rather than
-- altered by a name that may differ between databases.
create table incident_sync_v30 (
    incident_id     uuid primary key references incident (id) on delete cascade,
    state           varchar(8) not null check (state in ('LOCAL', 'PENDING', 'SYNCED', 'REFUSED')),
    server_version  bigint
);

insert into incident_sync_v30 (incident_id, state, server_version)
    select incident_id, state, server_version from incident_sync;

drop table incident_sync;
alter table incident_sync_v30 rename to incident_sync;

-- Finds the incidents never queued (and those refused) without a scan.
create index incident_sync_local on incident_sync (state);

-- Incidents already stuck so: PENDING, never given a version by the city, their creation refused (other than as one
-- the city has already) and no creation of theirs waiting or taken.
update incident_sync set state = 'REFUSED'
where state = 'PENDING' and server_version is null
  and exists (select 1 from sync_outbox o where o.entity_kind = 'INCIDENT' and o.entity_id = incident_sync.incident_id
              and o.mutation_kind = 'CREATE' and o.outcome = 'REJECTED' and coalesce(o.reason_code, '') <> 'incident-exists')
  and not exists (select 1 from sync_outbox o where o.entity_kind = 'INCIDENT' and o.entity_id = incident_sync.incident_id
                  and o.mutation_kind = 'CREATE' and (o.outcome is null or o.outcome <> 'REJECTED'));
