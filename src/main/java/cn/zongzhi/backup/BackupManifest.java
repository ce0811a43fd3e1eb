package cn.zongzhi.backup;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a backup file says about itself, stored as {@code manifest.json} beside the database in the zip: whose
 * it is, when it was taken, which schema, the database's SHA-256 and the row counts a restore must find.
 */
public record BackupManifest(String format, Instant createdAt, UUID replicaId, String officeCode, String schemaVersion,
                             String databaseSha256, long databaseBytes, Map<String, Integer> counts, Long auditHead) {
    public static final String FORMAT = "zongzhi-backup/1";

    /** One line for a person: whose, when, how much, and the start of the hash to compare by eye. */
    public String summary(cn.zongzhi.common.Messages messages) {
        return messages.text("backup.summary", officeCode, BackupService.describe(createdAt),
                counts.getOrDefault("incident", 0), counts.getOrDefault("dispute", 0),
                counts.getOrDefault("audit_log", 0), databaseSha256.substring(0, 16));
    }
}
