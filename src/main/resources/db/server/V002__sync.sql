-- The sync protocol's server side (decision 0010): replicas, applied mutations (idempotency), the server's copy
-- of incidents with per-field versions, notes, conflicts, dispatcher tasks, and the change log numbered after
-- commit. Portable SQL, like V001: the same file runs on PostgreSQL and H2. Ids are UUIDs as text.

-- One row per enrolled installation that has synced: the highest client sequence the server holds from it, so a
-- client restored from an older backup is told to continue numbering above it.
create table sync_replica (
    replica_id        varchar(36) primary key,
    office_code       varchar(32) not null references office (code),
    highest_sequence  bigint not null default 0,
    last_hello_at     timestamp with time zone,
    last_push_at      timestamp with time zone
);

-- Every mutation id the server has answered, with the answer: a retry gets the stored outcome and changes
-- nothing. Also the audit trail of who (office, replica, operator) asked for what; body is the mutation as sent.
create table applied_mutation (
    mutation_id      varchar(36) primary key,
    replica_id       varchar(36) not null,
    office_code      varchar(32) not null,
    client_sequence  bigint not null,
    entity_kind      varchar(16) not null,
    entity_id        varchar(36),
    mutation_kind    varchar(16) not null,
    operator_id      varchar(64),
    operator_name    varchar(100),
    outcome          varchar(20) not null check (outcome in ('APPLIED', 'MERGED', 'CONFLICT_RECORDED', 'REJECTED')),
    reason_code      varchar(64),
    reason_text      varchar(1000),
    server_version   bigint,
    hlc_clamped      boolean not null,
    effective_hlc    bigint not null,
    body             varchar(40000),
    applied_at       timestamp with time zone not null
);
create index applied_mutation_replica on applied_mutation (replica_id, client_sequence);

-- The server's copy of incidents. field_versions holds, per descriptive field, the version, hybrid-clock stamp
-- and replica of its last write (JSON text), so edits of different fields merge and same-field edits are detected.
create table incident (
    id                  varchar(36) primary key,
    case_no             varchar(40),
    origin_office       varchar(32) not null,
    area_code           varchar(12) not null,
    title               varchar(300) not null,
    description         varchar(20000),
    address             varchar(500),
    longitude           double precision,
    latitude            double precision,
    category_code       varchar(16),
    risk_level          varchar(8),
    reporter_name       varchar(100),
    reporter_phone      varchar(32),
    department_code     varchar(32),
    reported_at         timestamp with time zone,
    status              varchar(16) not null,
    rework_count        integer not null default 0,
    extension_pending   boolean not null default false,
    escalation_level    integer not null default 0,
    dispatched_by       varchar(32),
    version             bigint not null,
    field_versions      varchar(20000) not null,
    voided              boolean not null default false,
    hlc                 bigint not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null
);
create index incident_area on incident (area_code);

-- Notes are append only; the mutation that brought a note is its id.
create table incident_note (
    id             varchar(36) primary key,
    incident_id    varchar(36) not null references incident (id),
    office_code    varchar(32) not null,
    operator_name  varchar(100),
    body           varchar(4000) not null,
    hlc            bigint not null,
    created_at     timestamp with time zone not null
);
create index incident_note_incident on incident_note (incident_id);

-- What the server decided when two offices collided, with both sides' values (JSON text), visible to both.
create table sync_conflict (
    id             varchar(36) primary key,
    incident_id    varchar(36) not null references incident (id),
    mutation_id    varchar(36) not null,
    kind           varchar(24) not null check (kind in ('FIELD', 'STATUS', 'CLOSURE_REQUEST', 'VOID_EDIT')),
    field          varchar(64),
    server_value   varchar(20000),
    client_value   varchar(20000),
    kept           varchar(8) not null check (kept in ('SERVER', 'CLIENT')),
    office_code    varchar(32) not null,
    resolved       boolean not null default false,
    resolved_at    timestamp with time zone,
    created_at     timestamp with time zone not null
);
create index sync_conflict_incident on sync_conflict (incident_id);

-- Questions for a dispatcher, e.g. "the township reports closed while the city dispatched: recall or continue?".
create table dispatcher_task (
    id               varchar(36) primary key,
    incident_id      varchar(36) not null references incident (id),
    conflict_id      varchar(36) references sync_conflict (id),
    kind             varchar(24) not null check (kind in ('CLOSURE_REQUEST')),
    assignee_office  varchar(32) not null,
    requested_by     varchar(32) not null,
    body             varchar(1000) not null,
    done             boolean not null default false,
    created_at       timestamp with time zone not null
);
create index dispatcher_task_open on dispatcher_task (assignee_office, done);

-- The change feed. A change is written with seq null inside the transaction that made it; only after it
-- commits does the sequencer (below) give it a number, under a lock, so numbers are handed out in commit order
-- and a pull that has seen seq N can never later find a smaller number appear. Pulls read numbered rows only.
create table change_log (
    id           bigint generated by default as identity primary key,
    seq          bigint unique,
    entity_kind  varchar(16) not null,
    entity_id    varchar(36) not null,
    version      bigint not null,
    area_code    varchar(12) not null,
    mutation_id  varchar(36),
    data         varchar(40000) not null,
    written_at   timestamp with time zone not null
);
create index change_log_pending on change_log (seq, id);

-- One row: the highest seq handed out. Its row lock is the sequencer's lock, shared by every server process
-- on the same database.
create table change_sequencer (
    id          integer primary key check (id = 1),
    high_water  bigint not null
);
insert into change_sequencer (id, high_water) values (1, 0);
