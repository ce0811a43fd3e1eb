-- Photos and documents of incidents (decision 0018): append only, kept whole, sent and fetched on their own
-- (a photo is larger than a sync body may be). The change feed carries only what describes them.
create table incident_attachment (
    id            varchar(36) primary key,
    incident_id   varchar(36) not null references incident (id),
    office_code   varchar(32) not null,
    file_name     varchar(255) not null,
    media_type    varchar(100) not null,
    size_bytes    bigint not null,
    sha256        varchar(64) not null,
    content       bytea not null,
    added_at      timestamp with time zone not null,
    created_at    timestamp with time zone not null
);
create index incident_attachment_incident on incident_attachment (incident_id);
