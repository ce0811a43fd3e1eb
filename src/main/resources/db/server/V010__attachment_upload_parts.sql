-- A large attachment arrives in parts (decision 0018): a link cut midway costs the part under way, not the file.
-- The parts of one office's upload are kept until the last arrives, then joined, checked and stored whole.
create table attachment_upload_part (
    attachment_id varchar(36) not null,
    office_code   varchar(32) not null,
    part_offset   bigint not null,
    content       bytea not null,
    received_at   timestamp with time zone not null,
    primary key (attachment_id, office_code, part_offset)
);
