package cn.zongzhi.audit;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

class AuditRepositoryTest {
    @TempDir
    Path folder;

    @Test
    void chainsEachEntryToThePreviousOneSoThatAnEditShows() {
        try (Database database = TestDatabases.fresh(folder)) {
            AuditRepository audit = new AuditRepository(database.dsl());
            UUID operator = UUID.randomUUID();
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZoneOffset.ofHours(8));
            audit.append(new AuditRepository.AuditEntry(at, operator, "张敏", "SIGN_IN", "operator", operator.toString(), null));
            audit.append(new AuditRepository.AuditEntry(at.plusMinutes(1), operator, "张敏", "EXPORT", "incident", null, "rows=12"));

            var rows = database.dsl().selectFrom(AUDIT_LOG).orderBy(AUDIT_LOG.SEQ).fetch();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).getPrevHash()).isEqualTo(AuditRepository.GENESIS);
            assertThat(rows.get(1).getPrevHash()).isEqualTo(rows.get(0).getHash());
            for (var row : rows) {
                var entry = new AuditRepository.AuditEntry(row.getOccurredAt(), row.getOperatorId(), row.getOperatorName(),
                        row.getAction(), row.getEntity(), row.getEntityId(), row.getDetail());
                assertThat(AuditRepository.chainHash(row.getPrevHash(), entry)).isEqualTo(row.getHash());
            }
            var edited = new AuditRepository.AuditEntry(rows.get(1).getOccurredAt(), operator, "张敏", "EXPORT",
                    "incident", null, "rows=13");
            assertThat(AuditRepository.chainHash(rows.get(1).getPrevHash(), edited)).isNotEqualTo(rows.get(1).getHash());
        }
    }
}
