-- The city server's own schema (not the offices'): offices and their jurisdiction, one-time enrollment codes,
-- enrolled installations. Portable SQL: the same file runs on PostgreSQL (production) and H2 (the default).

-- One row: this server's epoch, a new value when a database is restored, so offices notice (sync-design.md).
create table server_meta (
    id          integer primary key check (id = 1),
    epoch       varchar(36) not null,
    created_at  timestamp with time zone not null
);

create table office (
    code        varchar(32) primary key,
    name        varchar(200) not null,
    level       varchar(16) not null check (level in ('CITY', 'DISTRICT', 'TOWN', 'COMMUNITY')),
    created_at  timestamp with time zone not null
);

-- The office's jurisdiction: statistical area codes whose subtrees it may change.
create table office_area (
    office_code varchar(32) not null references office (code),
    area_code   varchar(12) not null,
    primary key (office_code, area_code)
);

-- Only the SHA-256 of a code is kept; the code itself is shown once to the administrator who made it.
create table enrollment (
    code_hash   char(64) primary key,
    office_code varchar(32) not null references office (code),
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    used_at     timestamp with time zone,
    replica_id  varchar(36)
);

-- An enrolled installation (a township office's console) and the hash of its credential.
create table installation (
    replica_id  varchar(36) primary key,
    office_code varchar(32) not null references office (code),
    token_hash  char(64) not null unique,
    enrolled_at timestamp with time zone not null,
    last_seen   timestamp with time zone
);
