-- The one-window intake records what identifies a person (birth date and region from the ID number) and
-- the case's time limit; outcomes carry what an agreement says and the windows that follow it.
alter table dispute_party add column birth_date date;
alter table dispute_party add column region_code char(6);
alter table dispute add column agreement_terms clob;
alter table dispute add column performance_method varchar(200);
alter table dispute add column perform_by date;
-- An agreement may be confirmed by a court within 30 days (司法确认); the reminder is due on this day.
alter table dispute add column confirmation_due date;
alter table dispute add column referral varchar(24) check (referral in ('FAST_TRACK_COURT', 'LITIGATION'));
alter table dispute add column referral_summary clob;
alter table dispute add column extension_note varchar(500);
-- Follow-up visit on whether the agreement was performed (履行回访).
alter table dispute add column follow_up_due date;
alter table dispute add column followed_up_at timestamp with time zone;
alter table dispute add column performed boolean;
create index dispute_confirmation_due on dispute (confirmation_due);
