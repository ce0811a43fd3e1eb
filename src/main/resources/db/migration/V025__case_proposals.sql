-- Another office's word on a mediation case (decision 0017, "others' writes become proposals"): the city, seeing a
-- township's case, proposes a correction of one descriptive field with its reason; the owning office adopts it
-- (the case changes as if its own receptionist had corrected it) or declines it with a reason. Both consoles keep
-- the proposal and see how it ended. No foreign key to the dispute: a proposal pulled before its case is kept.
create table case_proposal (
    id               uuid primary key,
    dispute_id       uuid not null,
    field            varchar(24) not null,
    proposed_value   varchar(4000),
    current_value    varchar(4000),
    reason           varchar(500) not null,
    proposer_office  varchar(32) not null,
    proposer_name    varchar(100),
    proposed_at      timestamp with time zone not null,
    status           varchar(12) not null check (status in ('PENDING', 'ADOPTED', 'DECLINED', 'REFUSED')),
    decided_by       varchar(100),
    decided_at       timestamp with time zone,
    decision_note    varchar(500),
    server_version   bigint
);
create index case_proposal_dispute on case_proposal (dispute_id, status);
create index case_proposal_status on case_proposal (status);
