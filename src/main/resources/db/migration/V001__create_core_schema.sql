-- Schema v1 of the console's local database (H2).
--
-- Everything that travels between a township office and the city carries the sync columns:
--   id                   client-generated UUID (v7), never an auto-increment number shared across offices
--   origin_office        code of the office that created the row
--   row_version          local change counter, bumped on every local write
--   server_version       the server's version this row was last based on (null: never synced)
--   hlc                  hybrid logical clock stamp of the last change (physical millis << 16 | counter)
--   voided               void marker: rows are voided, never deleted, so a deletion can travel and be undone
--   sync_state           LOCAL (never sent), PENDING (changed since last push), SYNCED
-- Reference data that the city owns (areas, categories, departments, mediators, holidays) carries an
-- active flag instead: retired, never deleted.

create table installation (
    id               integer primary key check (id = 1),
    replica_id       uuid not null,
    office_code      varchar(32) not null,
    created_at       timestamp with time zone not null,
    demo             boolean not null default false
);

create table office (
    code             varchar(32) primary key,
    name             varchar(200) not null,
    level            varchar(16) not null check (level in ('CITY', 'DISTRICT', 'TOWN', 'COMMUNITY')),
    area_code        char(12),
    active           boolean not null default true
);

create table admin_area (
    code             char(12) primary key,
    name             varchar(200) not null,
    level            varchar(16) not null check (level in ('PROVINCE', 'CITY', 'DISTRICT', 'TOWN', 'COMMUNITY')),
    parent_code      char(12) references admin_area (code),
    active           boolean not null default true,
    server_version   bigint
);
create index admin_area_parent on admin_area (parent_code);

create table grid (
    id               uuid primary key,
    code             varchar(40) not null unique,
    name             varchar(200) not null,
    level            varchar(16) not null check (level in ('COMPREHENSIVE', 'MICRO')),
    area_code        char(12) not null references admin_area (code),
    parent_grid_id   uuid references grid (id),
    -- Polygon or multipolygon as WKT, in the coordinate system named by crs; the bounding box is kept
    -- beside it so a viewport query needs no geometry parsing.
    boundary_wkt     clob,
    crs              varchar(8) not null default 'WGS84' check (crs in ('WGS84', 'GCJ02')),
    min_lon          double precision,
    min_lat          double precision,
    max_lon          double precision,
    max_lat          double precision,
    households       integer,
    population       integer,
    active           boolean not null default true,
    server_version   bigint
);
create index grid_area on grid (area_code);
create index grid_parent on grid (parent_grid_id);

create table grid_staff (
    id               uuid primary key,
    grid_id          uuid not null references grid (id),
    name             varchar(100) not null,
    role             varchar(16) not null check (role in ('LEADER', 'WORKER', 'PARTY_MEMBER', 'LIAISON', 'VOLUNTEER', 'INSTRUCTOR', 'SUPERVISOR', 'BUILDING_HEAD')),
    phone            varchar(32),
    active           boolean not null default true,
    server_version   bigint
);
create index grid_staff_grid on grid_staff (grid_id);

create table department (
    code             varchar(32) primary key,
    name             varchar(200) not null,
    area_code        char(12) references admin_area (code),
    phone            varchar(32),
    active           boolean not null default true,
    server_version   bigint
);

create table incident_category (
    code                      varchar(16) primary key,
    name                      varchar(100) not null,
    pinyin_initials           varchar(32),
    parent_code               varchar(16) references incident_category (code),
    default_department_code   varchar(32) references department (code),
    -- For ownerless (无主) cases: a designated department fixes first, the owner is traced afterwards.
    fallback_department_code  varchar(32) references department (code),
    time_limit                integer,
    time_limit_unit           varchar(16) check (time_limit_unit in ('WORKING_HOURS', 'WORKING_DAYS', 'NATURAL_DAYS')),
    emergency                 boolean not null default false,
    active                    boolean not null default true,
    server_version            bigint
);
create index incident_category_parent on incident_category (parent_code);

create table operator (
    id               uuid primary key,
    username         varchar(64) not null unique,
    display_name     varchar(100) not null,
    password_hash    varchar(255) not null,
    role             varchar(24) not null check (role in ('ADMINISTRATOR', 'SEAT_OPERATOR', 'MEDIATION_RECEPTIONIST', 'MEDIATOR', 'SUPERVISOR')),
    office_code      varchar(32) not null,
    area_code        char(12),
    failed_attempts  integer not null default 0,
    locked_until     timestamp with time zone,
    active           boolean not null default true,
    created_at       timestamp with time zone not null
);

create table incident (
    id                        uuid primary key,
    case_no                   varchar(40) not null unique,
    external_id               varchar(64),
    channel                   varchar(24) not null,
    category_code             varchar(16) references incident_category (code),
    title                     varchar(300) not null,
    description               clob,
    address                   varchar(500),
    longitude                 double precision,
    latitude                  double precision,
    crs                       varchar(8) not null default 'WGS84' check (crs in ('WGS84', 'GCJ02')),
    area_code                 char(12) references admin_area (code),
    grid_id                   uuid references grid (id),
    risk_level                varchar(8) check (risk_level in ('RED', 'ORANGE', 'YELLOW')),
    reporter_name             varchar(100),
    reporter_phone            varchar(32),
    status                    varchar(16) not null,
    department_code           varchar(32) references department (code),
    reported_at               timestamp with time zone not null,
    accepted_at               timestamp with time zone,
    dispatched_at             timestamp with time zone,
    due_at                    timestamp with time zone,
    resolved_at               timestamp with time zone,
    closed_at                 timestamp with time zone,
    satisfaction              varchar(24) check (satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED')),
    rework_count              integer not null default 0,
    parent_incident_id        uuid references incident (id),
    demo                      boolean not null default false,
    origin_office             varchar(32) not null,
    row_version               bigint not null default 0,
    server_version            bigint,
    hlc                       bigint not null,
    voided                    boolean not null default false,
    sync_state                varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED'))
);
-- The queue's common filters: by status ordered by time, by due time for overdue work, by place, by owner.
create index incident_status_reported on incident (status, reported_at);
create index incident_status_due on incident (status, due_at);
create index incident_area on incident (area_code, reported_at);
create index incident_grid on incident (grid_id);
create index incident_department on incident (department_code, status);
create index incident_reporter_phone on incident (reporter_phone);
create unique index incident_external_id on incident (external_id);

create table incident_event (
    id               uuid primary key,
    incident_id      uuid not null references incident (id),
    action           varchar(24) not null,
    from_status      varchar(16),
    to_status        varchar(16),
    operator_id      uuid,
    operator_name    varchar(100),
    department_code  varchar(32),
    note             varchar(2000),
    occurred_at      timestamp with time zone not null,
    origin_office    varchar(32) not null,
    hlc              bigint not null,
    server_version   bigint,
    sync_state       varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED'))
);
create index incident_event_incident on incident_event (incident_id, occurred_at);

create table mediator (
    code             varchar(32) primary key,
    name             varchar(100) not null,
    kind             varchar(24) not null,
    -- Comma-separated dispute type codes the mediator specialises in.
    specialties      varchar(500),
    studio_name      varchar(100),
    phone            varchar(32),
    active           boolean not null default true,
    server_version   bigint
);

create table mediation_room (
    code             varchar(32) primary key,
    name             varchar(100) not null,
    capacity         integer not null,
    location         varchar(200),
    active           boolean not null default true,
    server_version   bigint
);

create table dispute (
    id                        uuid primary key,
    case_no                   varchar(40) not null unique,
    dispute_type              varchar(24) not null,
    source                    varchar(24) not null,
    channel_route             varchar(24),
    summary                   clob,
    amount                    decimal(14, 2),
    risk_level                varchar(8) check (risk_level in ('RED', 'ORANGE', 'YELLOW')),
    status                    varchar(16) not null,
    area_code                 char(12) references admin_area (code),
    incident_id               uuid references incident (id),
    mediator_code             varchar(32) references mediator (code),
    registered_at             timestamp with time zone not null,
    due_at                    timestamp with time zone,
    closed_at                 timestamp with time zone,
    outcome                   varchar(24),
    agreed_amount             decimal(14, 2),
    demo                      boolean not null default false,
    origin_office             varchar(32) not null,
    row_version               bigint not null default 0,
    server_version            bigint,
    hlc                       bigint not null,
    voided                    boolean not null default false,
    sync_state                varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED'))
);
create index dispute_status on dispute (status, registered_at);
create index dispute_mediator on dispute (mediator_code);

create table dispute_party (
    id               uuid primary key,
    dispute_id       uuid not null references dispute (id),
    role             varchar(16) not null check (role in ('APPLICANT', 'RESPONDENT', 'THIRD_PARTY')),
    kind             varchar(16) not null check (kind in ('PERSON', 'ORGANISATION')),
    name             varchar(200) not null,
    id_number        varchar(32),
    phone            varchar(32),
    address          varchar(500),
    agent_name       varchar(100),
    origin_office    varchar(32) not null,
    row_version      bigint not null default 0,
    server_version   bigint,
    hlc              bigint not null,
    voided           boolean not null default false,
    sync_state       varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED'))
);
create index dispute_party_dispute on dispute_party (dispute_id);

create table mediation_session (
    id               uuid primary key,
    dispute_id       uuid not null references dispute (id),
    mediator_code    varchar(32) not null references mediator (code),
    room_code        varchar(32) references mediation_room (code),
    starts_at        timestamp with time zone not null,
    ends_at          timestamp with time zone not null,
    status           varchar(16) not null,
    minutes          clob,
    override_reason  varchar(500),
    origin_office    varchar(32) not null,
    row_version      bigint not null default 0,
    server_version   bigint,
    hlc              bigint not null,
    voided           boolean not null default false,
    sync_state       varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED')),
    check (ends_at > starts_at)
);
create index mediation_session_mediator on mediation_session (mediator_code, starts_at);
create index mediation_session_room on mediation_session (room_code, starts_at);
create index mediation_session_dispute on mediation_session (dispute_id);

-- Append-only: the application never updates or deletes here; each entry is chained to the previous one by hash.
create table audit_log (
    seq              bigint generated always as identity primary key,
    occurred_at      timestamp with time zone not null,
    operator_id      uuid,
    operator_name    varchar(100),
    action           varchar(48) not null,
    entity           varchar(48),
    entity_id        varchar(64),
    detail           varchar(2000),
    prev_hash        char(64) not null,
    hash             char(64) not null
);

-- Exceptions to the Monday–Friday week on the mainland calendar: public holidays (off_day = true) and
-- make-up working days on weekends (调休, off_day = false).
create table calendar_day (
    calendar_date    date primary key,
    off_day          boolean not null,
    name             varchar(50) not null,
    source           varchar(50) not null
);

create table app_setting (
    name             varchar(100) primary key,
    val              varchar(4000) not null
);
