-- Reference data the city owns and publishes to the offices (decision 0016): areas, departments, the incident
-- catalogue, grids, mediators and the holiday calendar by year. One row per item with its whole content as JSON
-- text; a new version each time the content changes. Versions are taken under the lock of reference_sequencer's
-- single row, held to commit, so they follow commit order and an office's cursor never passes a late commit.
create table reference_item (
    kind          varchar(16) not null,
    code          varchar(64) not null,
    version       bigint not null,
    -- A grid's area: an office receives the grids of its own jurisdiction only. Null for everything else.
    area_code     varchar(12),
    data          varchar(1000000) not null,
    published_at  timestamp with time zone not null,
    published_by  varchar(32) not null,
    primary key (kind, code)
);
create unique index reference_item_version on reference_item (version);

create table reference_sequencer (
    id            integer primary key check (id = 1),
    high_water    bigint not null
);
insert into reference_sequencer (id, high_water) values (1, 0);
