-- What the follow-up visit found, in the visitor's words.
alter table dispute add column follow_up_note varchar(1000);
