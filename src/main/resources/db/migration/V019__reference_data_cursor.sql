-- Reference data published by the city (decision 0016): the highest version of it this console has applied, kept
-- beside the incident feed's cursor and moved in the same transaction as the items of each page.
alter table sync_status add column reference_version bigint default 0 not null;
