-- Every extension of a case's time limit adds its note (the parties' consent) after the earlier ones instead of
-- replacing them; 500 characters held one note, not the history.
alter table dispute alter column extension_note set data type varchar(4000);
