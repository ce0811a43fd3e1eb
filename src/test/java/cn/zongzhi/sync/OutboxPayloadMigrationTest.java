package cn.zongzhi.sync;

import cn.zongzhi.db.Database;
import cn.zongzhi.sync.protocol.MutationKind;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console updated past V028 keeps every outbox row it had, waiting or answered, with its payload now beside the
 * row: what was waiting is sent as it was queued, and an answered row keeps its payload for a restored city.
 */
class OutboxPayloadMigrationTest {
    @TempDir
    Path folder;

    @Test
    void theOutboxOfAnOlderConsoleKeepsItsPayloadsAndSendsThemAsQueued() throws Exception {
        Path base = folder.resolve("older");
        JdbcDataSource older = new JdbcDataSource();
        older.setURL("jdbc:h2:file:" + base.toAbsolutePath());
        older.setUser("sa");
        older.setPassword("");
        Flyway.configure().dataSource(older).locations("classpath:db/migration").target("27").load().migrate();
        UUID waitingNote = UUID.randomUUID();
        UUID answeredCreation = UUID.randomUUID();
        UUID step = UUID.randomUUID();
        UUID incident = UUID.randomUUID();
        try (var connection = older.getConnection(); var statement = connection.createStatement()) {
            statement.execute("insert into sync_outbox (client_sequence, mutation_id, entity_kind, entity_id, mutation_kind,"
                    + " hlc, payload, created_at, outcome, answered_at) values"
                    + " (1, '" + answeredCreation + "', 'INCIDENT', '" + incident + "', 'CREATE', 10,"
                    + " '{\"title\":\"楼道堆物\"}', timestamp with time zone '2026-12-01 08:00:00+00', 'APPLIED',"
                    + " timestamp with time zone '2026-12-01 08:00:05+00'),"
                    + " (2, '" + step + "', 'INCIDENT', '" + incident + "', 'TRANSITION', 11, null,"
                    + " timestamp with time zone '2026-12-01 09:00:00+00', null, null),"
                    + " (3, '" + waitingNote + "', 'INCIDENT', '" + incident + "', 'NOTE', 12, '{\"text\":\"已联系反映人\"}',"
                    + " timestamp with time zone '2026-12-01 10:00:00+00', null, null)");
            statement.execute("update sync_status set next_sequence = 4");
        }

        try (Database database = Database.open(base)) {
            var dsl = database.dsl();
            assertThat(dsl.fetchCount(SYNC_OUTBOX)).isEqualTo(3);
            assertThat(dsl.select(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE, SYNC_OUTBOX_PAYLOAD.PAYLOAD).from(SYNC_OUTBOX_PAYLOAD)
                    .orderBy(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE).fetch().map(row -> row.value1() + " " + row.value2()))
                    .containsExactly("1 {\"title\":\"楼道堆物\"}", "3 {\"text\":\"已联系反映人\"}");
            var waiting = new SyncClientRepository(dsl).waiting(10, Long.MAX_VALUE);
            assertThat(waiting).extracting(mutation -> mutation.mutationId()).containsExactly(step, waitingNote);
            assertThat(waiting.get(0).kind()).isEqualTo(MutationKind.TRANSITION);
            assertThat(waiting.get(0).payload()).isNull();
            assertThat(waiting.get(1).payload().get("text").asText()).isEqualTo("已联系反映人");
        }
    }
}
