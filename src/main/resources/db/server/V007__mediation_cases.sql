-- Mediation cases (decision 0017): the office that registered a case owns it and sends it whole; the server keeps
-- the latest snapshot, who owns it, and what an agreement made binding (outcome set once). Portable SQL.
create table mediation_case (
    id            varchar(36) primary key,
    case_no       varchar(40) not null,
    owner_office  varchar(32) not null references office (code),
    area_code     varchar(12) not null,
    version       bigint not null,
    outcome       varchar(24),
    data          varchar(400000) not null,
    replica_id    varchar(36) not null,
    hlc           bigint not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null
);
create index mediation_case_owner on mediation_case (owner_office);
-- A case's snapshot carries its parties, sessions and minutes: larger than an incident's state.
alter table change_log alter column data set data type varchar(400000);
