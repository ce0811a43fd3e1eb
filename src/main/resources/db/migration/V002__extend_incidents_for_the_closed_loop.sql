-- The closed loop's state beyond the status column, every reporter of merged duplicates,
-- assisting departments, attachments, and per-office case numbers.

alter table incident add column escalation_level integer not null default 0;
alter table incident add column extension_pending boolean not null default false;
alter table incident add column requested_due_at timestamp with time zone;
alter table incident add column result_note varchar(2000);

-- Every person and channel that reported the incident; a merged duplicate adds its own row to the parent.
create table incident_reporter (
    id                  uuid primary key,
    incident_id         uuid not null references incident (id),
    channel             varchar(24) not null,
    reporter_name       varchar(100),
    reporter_phone      varchar(32),
    reported_at         timestamp with time zone not null,
    merged_from_id      uuid references incident (id),
    origin_office       varchar(32) not null,
    hlc                 bigint not null,
    server_version      bigint,
    sync_state          varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED'))
);
create index incident_reporter_incident on incident_reporter (incident_id);
create index incident_reporter_by_phone on incident_reporter (reporter_phone);

create table incident_assist (
    incident_id         uuid not null references incident (id),
    department_code     varchar(32) not null references department (code),
    primary key (incident_id, department_code)
);

create table incident_attachment (
    id                  uuid primary key,
    incident_id         uuid not null references incident (id),
    file_name           varchar(255) not null,
    media_type          varchar(100) not null,
    size_bytes          bigint not null,
    content             blob not null,
    added_at            timestamp with time zone not null,
    origin_office       varchar(32) not null,
    hlc                 bigint not null,
    server_version      bigint,
    sync_state          varchar(8) not null default 'LOCAL' check (sync_state in ('LOCAL', 'PENDING', 'SYNCED'))
);
create index incident_attachment_incident on incident_attachment (incident_id);

-- Human case numbers are per office and day: <office prefix><yyyyMMdd>-<6-digit sequence>.
create table case_number_counter (
    prefix              varchar(40) not null,
    counter_date        date not null,
    last_value          integer not null,
    primary key (prefix, counter_date)
);
