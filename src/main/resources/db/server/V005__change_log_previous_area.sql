-- A change is pulled by the offices whose jurisdiction holds its area. When the city moves an incident to another
-- town, the change that moves it carries the new area only, so the town it left never heard of it again and kept
-- the incident open in its queue. The change that moves an entity also names the area it left, and is pulled by
-- both sides.
alter table change_log add column previous_area_code varchar(12);
