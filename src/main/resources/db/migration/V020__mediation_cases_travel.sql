-- Mediation cases travel to the city (decision 0017): the desk marks what it changes PENDING and each round looks
-- for marked cases. Without these indexes that look read every dispute, party and session of the years.
create index dispute_sync_state on dispute (sync_state);
create index dispute_party_sync_state on dispute_party (sync_state);
create index mediation_session_sync_state on mediation_session (sync_state);
