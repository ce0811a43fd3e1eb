-- What arrived of an attachment whose fetch was cut midway (decision 0018): the next round asks for the rest only.
create table attachment_fetch_part (
    attachment_id uuid primary key,
    content       blob not null,
    kept_at       timestamp with time zone not null
);
