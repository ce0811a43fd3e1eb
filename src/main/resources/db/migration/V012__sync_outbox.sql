-- The console's side of sync (decision 0014).
--
-- The outbox: one row per intent, written in the same transaction as the change it describes, numbered by the
-- installation's own sequence. A row stays after the city answered (outcome set): a server restored to an earlier
-- point is sent the retained rows again, which its idempotency makes safe. Rejections and conflicts stay visible
-- until an operator has seen them (acknowledged).
create table sync_outbox (
    client_sequence  bigint primary key,
    mutation_id      uuid not null unique,
    entity_kind      varchar(16) not null,
    entity_id        uuid not null,
    mutation_kind    varchar(16) not null,
    base_version     bigint,
    hlc              bigint not null,
    operator_id      varchar(64),
    operator_name    varchar(100),
    -- TRANSITION: the step as taken
    action           varchar(24),
    from_status      varchar(16),
    to_status        varchar(16),
    reason           varchar(2000),
    satisfaction     varchar(24),
    -- CREATE and PATCH: the fields (JSON, wire names); TRANSITION: the step's record (moment, department, deadline)
    payload          clob,
    created_at       timestamp with time zone not null,
    outcome          varchar(20) check (outcome in ('APPLIED', 'MERGED', 'CONFLICT_RECORDED', 'REJECTED')),
    reason_code      varchar(64),
    reason_text      varchar(1000),
    answered_at      timestamp with time zone,
    acknowledged     boolean not null default false
);
create index sync_outbox_waiting on sync_outbox (outcome, client_sequence);
create index sync_outbox_entity on sync_outbox (entity_id, outcome);

-- One row: where this installation stands with the city. next_sequence numbers the outbox (taken under this row's
-- lock, so numbers follow commit order); highest_sent is what hello reports; the pull cursor is stored in the
-- same transaction as the page it covers.
create table sync_status (
    id               integer primary key check (id = 1),
    next_sequence    bigint not null,
    highest_sent     bigint not null,
    server_epoch     varchar(36),
    pull_cursor      bigint not null,
    last_attempt_at  timestamp with time zone,
    last_success_at  timestamp with time zone,
    last_error       varchar(500),
    paused           boolean not null default false
);
insert into sync_status (id, next_sequence, highest_sent, server_epoch, pull_cursor) values (1, 1, 0, null, 0);

-- The city's last word on each incident this console has pulled: the state to return to when the city refused or
-- overruled a local change.
create table sync_shadow (
    incident_id  uuid primary key,
    version      bigint not null,
    data         clob not null
);

-- What the city sent that is not an incident row: conflict records, dispatcher tasks and notes, whole, as sent.
create table sync_record (
    entity_kind  varchar(16) not null,
    entity_id    varchar(36) not null,
    incident_id  uuid,
    version      bigint not null,
    data         clob not null,
    resolved     boolean not null default false,
    received_at  timestamp with time zone not null,
    primary key (entity_kind, entity_id)
);
create index sync_record_open on sync_record (entity_kind, resolved);

-- Incidents never yet handed to the outbox (imports, intake before the first round), found without a scan.
create index incident_sync_state on incident (sync_state, demo);
