-- This installation's enrollment with the city server: which server, as which office, with which credential.
-- One row; the credential is as secret as the database (encrypt the file at rest to protect it).
create table sync_credential (
    id           integer primary key check (id = 1),
    server_url   varchar(500) not null,
    office_code  varchar(32) not null,
    areas        varchar(2000) not null,
    token        varchar(100) not null,
    server_epoch varchar(36) not null,
    enrolled_at  timestamp with time zone not null
);
