-- An outbox row's payload lives beside it, and the index that finds an entity's rows no longer holds the answer.
--
-- The city's answer rewrites the outbox row (outcome, reason, moment of the answer). H2 writes an updated row whole,
-- so with the payload in it every answer wrote the creation's kilobyte or two a second time: in a first sync of
-- 100,000 incidents, as much again as the queueing had written. Here the payload is written once and the answer
-- rewrites a row of some 200 bytes. A row is renumbered (a console restored from a backup) and forgotten (after 90
-- days) with its payload through the foreign key.
--
-- The index on (entity_id, outcome) changed with every answer, at a random place (entity ids are random), so each
-- batch of answers dirtied pages all over it. An entity has one outbox row or a few: found by its id alone, they
-- are read and their outcome tested. In a scratch measurement of the outbox's own writes (100,000 rows inserted
-- and answered in batches of 500) the two changes together took the process's CPU from 18.7-23.2 s to 15.5-18.1 s.
create table sync_outbox_payload (
    client_sequence  bigint primary key references sync_outbox (client_sequence) on delete cascade on update cascade,
    payload          varchar(1000000) not null
);

insert into sync_outbox_payload (client_sequence, payload)
    select client_sequence, payload from sync_outbox where payload is not null;

alter table sync_outbox drop column payload;

drop index sync_outbox_entity;
create index sync_outbox_entity on sync_outbox (entity_id);
