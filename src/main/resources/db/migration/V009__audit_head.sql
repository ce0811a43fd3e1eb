-- The newest audit entry's number and hash, written in the same transaction as the entry. The hash chain
-- shows an edited or removed entry in the middle; this row shows entries cut off at the end.
create table audit_head (
    id      integer primary key check (id = 1),
    seq     bigint not null,
    hash    char(64) not null
);
insert into audit_head (id, seq, hash)
select 1, seq, hash from audit_log where seq = (select max(seq) from audit_log);
