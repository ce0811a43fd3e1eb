package cn.zongzhi.sync;

import cn.zongzhi.db.Database;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console updated past V031 finds the incidents the city had refused to create, stuck PENDING until then, standing
 * REFUSED (so they can be resubmitted); every other standing is kept as it was.
 */
class RefusedIncidentMigrationTest {
    @TempDir
    Path folder;

    @Test
    void incidentsWhoseCreationWasRefusedStandRefusedAndTheRestAsTheyWere() throws Exception {
        Path base = folder.resolve("older");
        JdbcDataSource older = new JdbcDataSource();
        older.setURL("jdbc:h2:file:" + base.toAbsolutePath());
        older.setUser("sa");
        older.setPassword("");
        Flyway.configure().dataSource(older).locations("classpath:db/migration").target("30").load().migrate();
        UUID refused = UUID.randomUUID();
        UUID cityHasIt = UUID.randomUUID();
        UUID waiting = UUID.randomUUID();
        UUID synced = UUID.randomUUID();
        try (var connection = older.getConnection(); var statement = connection.createStatement()) {
            int n = 0;
            for (UUID id : new UUID[] {refused, cityHasIt, waiting, synced}) {
                n++;
                statement.execute("insert into incident (id, case_no, channel, title, status, reported_at, origin_office, hlc)"
                        + " values ('" + id + "', 'JT-" + n + "', 'HOTLINE_12345', '事件" + n + "', 'REPORTED',"
                        + " timestamp with time zone '2026-12-01 08:00:00+00', 'TOWN', 1)");
            }
            statement.execute("insert into incident_sync (incident_id, state, server_version) values"
                    + " ('" + refused + "', 'PENDING', null), ('" + cityHasIt + "', 'PENDING', null),"
                    + " ('" + waiting + "', 'PENDING', null), ('" + synced + "', 'SYNCED', 3)");
            statement.execute("insert into sync_outbox (client_sequence, mutation_id, entity_kind, entity_id, mutation_kind,"
                    + " hlc, created_at, outcome, reason_code, answered_at) values"
                    + " (1, '" + UUID.randomUUID() + "', 'INCIDENT', '" + refused + "', 'CREATE', 10,"
                    + " timestamp with time zone '2026-12-01 08:00:00+00', 'REJECTED', 'outside-jurisdiction',"
                    + " timestamp with time zone '2026-12-01 08:00:05+00'),"
                    + " (2, '" + UUID.randomUUID() + "', 'INCIDENT', '" + cityHasIt + "', 'CREATE', 11,"
                    + " timestamp with time zone '2026-12-01 08:00:00+00', 'REJECTED', 'incident-exists',"
                    + " timestamp with time zone '2026-12-01 08:00:05+00'),"
                    + " (3, '" + UUID.randomUUID() + "', 'INCIDENT', '" + waiting + "', 'CREATE', 12,"
                    + " timestamp with time zone '2026-12-01 08:00:00+00', null, null, null)");
            statement.execute("update sync_status set next_sequence = 4");
        }

        try (Database database = Database.open(base)) {
            var dsl = database.dsl();
            java.util.function.Function<UUID, String> standing = id -> dsl.select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC)
                    .where(INCIDENT_SYNC.INCIDENT_ID.eq(id)).fetchOne(INCIDENT_SYNC.STATE);
            assertThat(standing.apply(refused)).isEqualTo("REFUSED");
            assertThat(standing.apply(cityHasIt)).isEqualTo("PENDING");
            assertThat(standing.apply(waiting)).isEqualTo("PENDING");
            assertThat(standing.apply(synced)).isEqualTo("SYNCED");
            assertThat(dsl.select(INCIDENT_SYNC.SERVER_VERSION).from(INCIDENT_SYNC).where(INCIDENT_SYNC.INCIDENT_ID.eq(synced))
                    .fetchOne(INCIDENT_SYNC.SERVER_VERSION)).isEqualTo(3L);
            assertThat(new SyncClientRepository(dsl).refusals(10)).as("only the one the city does not have is resubmitted")
                    .extracting(refusal -> refusal.caseNo() + " " + refusal.resubmittable())
                    .containsExactlyInAnyOrder("JT-1 true", "JT-2 false");
        }
    }
}
