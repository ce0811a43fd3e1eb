-- The repeat-caller and same-caller look-ups matched the phone as typed: "180 5139 5441" did not find
-- "18051395441". Stored phones are not rewritten: they are the record the city holds too (sync compares them) and a
-- rewrite here would go up as nobody's change. The database keeps a key beside each instead, its digits with a
-- leading + kept (the rule of CallerPhone.key), so that every writer, sync included, keeps it and the look-up is an
-- equality on an index.
alter table incident add column reporter_phone_key varchar(33) generated always as (
    case when trim(reporter_phone) like '+%' then '+' else '' end || regexp_replace(reporter_phone, '[^0-9]', ''));

create index incident_reporter_phone_key on incident (reporter_phone_key, reported_at);
