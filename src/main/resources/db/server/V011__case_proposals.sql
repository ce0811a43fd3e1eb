-- Proposals to a mediation case from an office that does not own it (decision 0017): kept with the case's owner
-- and place so the owner's answer is checked and both offices pull the proposal. data is the proposal as the feed
-- carries it. Portable SQL.
create table case_proposal (
    id               varchar(36) primary key,
    case_id          varchar(36) not null references mediation_case (id),
    owner_office     varchar(32) not null,
    proposer_office  varchar(32) not null,
    area_code        varchar(12) not null,
    status           varchar(12) not null,
    version          bigint not null,
    data             varchar(12000) not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null
);
create index case_proposal_case on case_proposal (case_id);
