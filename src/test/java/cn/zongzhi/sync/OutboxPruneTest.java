package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every complete round forgets answered outbox rows older than the retention, except refusals nobody has seen; it
 * finds them through the index on the moment of the answer instead of reading the whole outbox (100,000 rows after
 * a first sync).
 */
class OutboxPruneTest {
    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");

    @TempDir
    Path folder;

    @Test
    void answeredRowsPastTheRetentionGoExceptUnseenRefusalsAndTheyAreFoundByTheIndex() {
        try (Database database = TestDatabases.fresh(folder)) {
            Instant old = NOW.minus(SyncClient.OUTBOX_RETENTION).minus(Duration.ofDays(1));
            Instant recent = NOW.minus(Duration.ofDays(3));
            row(database, 1, "APPLIED", old, false);
            row(database, 2, "REJECTED", old, false);
            row(database, 3, "REJECTED", old, true);
            row(database, 4, "CONFLICT_RECORDED", old, false);
            row(database, 5, "APPLIED", recent, false);
            row(database, 6, null, null, false);

            int removed = new SyncClientRepository(database.dsl()).pruneAnswered(NOW.minus(SyncClient.OUTBOX_RETENTION));

            assertThat(removed).isEqualTo(3);
            assertThat(database.dsl().select(SYNC_OUTBOX.CLIENT_SEQUENCE).from(SYNC_OUTBOX).orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE)
                    .fetch(SYNC_OUTBOX.CLIENT_SEQUENCE)).as("the unseen refusal, the recent answer, the waiting row")
                    .containsExactly(2L, 5L, 6L);
            assertThat(database.dsl().select(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE).from(SYNC_OUTBOX_PAYLOAD)
                    .orderBy(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE).fetch(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE))
                    .as("a payload goes with its row").containsExactly(2L, 5L, 6L);
            String plan = database.dsl().fetchOne("explain select client_sequence from sync_outbox where outcome is not null"
                    + " and answered_at < ?", OffsetDateTime.ofInstant(old, ZoneOffset.UTC)).get(0, String.class);
            assertThat(plan).contains("SYNC_OUTBOX_ANSWERED").doesNotContain("tableScan");
        }
    }

    private static void row(Database database, long sequence, String outcome, Instant answered, boolean acknowledged) {
        database.dsl().insertInto(SYNC_OUTBOX).set(SYNC_OUTBOX.CLIENT_SEQUENCE, sequence).set(SYNC_OUTBOX.MUTATION_ID, UUID.randomUUID())
                .set(SYNC_OUTBOX.ENTITY_KIND, "INCIDENT").set(SYNC_OUTBOX.ENTITY_ID, UUID.randomUUID())
                .set(SYNC_OUTBOX.MUTATION_KIND, "CREATE").set(SYNC_OUTBOX.HLC, sequence)
                .set(SYNC_OUTBOX.CREATED_AT, OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(200)), ZoneOffset.UTC))
                .set(SYNC_OUTBOX.OUTCOME, outcome)
                .set(SYNC_OUTBOX.ANSWERED_AT, answered == null ? null : OffsetDateTime.ofInstant(answered, ZoneOffset.UTC))
                .set(SYNC_OUTBOX.ACKNOWLEDGED, acknowledged).execute();
        database.dsl().insertInto(SYNC_OUTBOX_PAYLOAD).set(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE, sequence)
                .set(SYNC_OUTBOX_PAYLOAD.PAYLOAD, "{\"title\":\"" + sequence + "\"}").execute();
    }
}
