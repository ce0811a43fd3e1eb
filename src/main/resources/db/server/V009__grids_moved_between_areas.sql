-- Every area a grid has left when the city moved it to another (decision 0016). An office pulls a grid while it
-- lies in its jurisdiction; once it moves out, the office of the area it left must still receive the move, or it
-- keeps the grid as it was. A grid can move more than once, so each area it left is a row of its own.
create table reference_area_left (
    kind       varchar(16) not null,
    code       varchar(64) not null,
    area_code  varchar(12) not null,
    primary key (kind, code, area_code)
);
