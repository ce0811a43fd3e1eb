-- Change-log compaction (decision 0014) keeps only the latest numbered change of each entity once a change is older
-- than the retention: this index finds, for a change, whether a newer one of the same entity exists.
create index change_log_entity on change_log (entity_kind, entity_id, seq);
