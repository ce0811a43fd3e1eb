-- The day the parties applied to the court for judicial confirmation (司法确认) of their agreement; once set,
-- the 30-day reminder is done.
alter table dispute add column confirmation_applied date;
create index dispute_follow_up_due on dispute (follow_up_due);
create index dispute_due_at on dispute (status, due_at);
