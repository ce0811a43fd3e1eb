-- The scheduler recounts 待发送 every 5 s between rounds, and each round looks for photos not yet uploaded; both
-- asked incident_attachment for sync_state = 'LOCAL' and H2 read every attachment to answer (each row holds a file
-- of up to 10 MB). With the incident beside the state, the count's join to incident_sync reads only the index.
-- Numbered 33, not 32: another change under way takes V032.
create index incident_attachment_sync_state on incident_attachment (sync_state, incident_id);
