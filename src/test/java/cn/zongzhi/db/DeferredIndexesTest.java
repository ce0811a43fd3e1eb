package cn.zongzhi.db;

import cn.zongzhi.incidents.IncidentRepository;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A bulk load drops the incident tables' plain indexes, builds them at the end, and a load that died is repaired on open. */
class DeferredIndexesTest {
    @TempDir
    Path folder;

    @Test
    void plainIndexesAreDroppedForTheLoadAndBuiltAgainAfterIt() {
        try (Database database = Database.open(folder.resolve("db"))) {
            Set<String> before = indexes(database.dsl());
            try (var deferred = new IncidentRepository(database.dsl()).deferIndexes()) {
                Set<String> during = indexes(database.dsl());
                assertThat(before).contains("INCIDENT_WINDOW", "INCIDENT_STATUS_DUE", "INCIDENT_REPORTER_BY_PHONE");
                assertThat(during).doesNotContain("INCIDENT_WINDOW", "INCIDENT_STATUS_DUE", "INCIDENT_REPORTER_BY_PHONE")
                        // A unique index keeps refusing duplicates during the load.
                        .contains("INCIDENT_EXTERNAL_ID");
                assertThat(deferred.droppedCount()).isEqualTo(before.size() - during.size());
            }
            assertThat(indexes(database.dsl())).isEqualTo(before);
        }
    }

    @Test
    void aLoadThatDiedBeforeRebuildingIsRepairedWhenTheDatabaseOpens() {
        Set<String> before;
        try (Database database = Database.open(folder.resolve("db"))) {
            before = indexes(database.dsl());
            // Dropped and never closed: the process "dies" here.
            new IncidentRepository(database.dsl()).deferIndexes();
            assertThat(indexes(database.dsl())).doesNotContain("INCIDENT_WINDOW");
        }
        try (Database reopened = Database.open(folder.resolve("db"))) {
            assertThat(indexes(reopened.dsl())).isEqualTo(before);
        }
    }

    private static Set<String> indexes(DSLContext dsl) {
        return new HashSet<>(dsl.fetchValues("select index_name from information_schema.indexes where table_schema = current_schema")
                .stream().map(Object::toString).toList());
    }
}
