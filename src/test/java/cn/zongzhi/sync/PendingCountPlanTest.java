package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import org.jooq.ExecuteContext;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler recounts 待发送 every 5 s between rounds. Each statement of that count that reads the attachments
 * (photos of years, each row with its file) finds the ones not yet uploaded through an index, not by reading the
 * whole table: the plan H2 gives for each statement the count runs names an index of incident_attachment.
 */
class PendingCountPlanTest {
    @TempDir
    Path folder;

    @Test
    void thePendingCountFindsPhotosNotYetUploadedThroughAnIndex() {
        try (Database database = TestDatabases.fresh(folder)) {
            List<String> statements = new ArrayList<>();
            var traced = DSL.using(database.dsl().configuration().derive(new DefaultExecuteListenerProvider(
                    new org.jooq.ExecuteListener() {
                        @Override
                        public void executeStart(ExecuteContext context) {
                            if (context.query() != null) {
                                statements.add(context.query().getSQL(ParamType.INLINED));
                            }
                        }
                    })));

            new SyncClientRepository(traced).counts();
            new AttachmentSyncRepository(traced).waitingCount();

            List<String> readingAttachments = statements.stream()
                    .filter(sql -> sql.toLowerCase(Locale.ROOT).contains("incident_attachment")).toList();
            assertThat(readingAttachments).as("the count reads the attachments at all").hasSize(2);
            List<String> plans = readingAttachments.stream()
                    .map(sql -> database.dsl().fetchOne("explain " + sql).get(0, String.class)).toList();
            assertThat(plans).allSatisfy(plan -> assertThat(plan).contains("INCIDENT_ATTACHMENT_SYNC_STATE")
                    .doesNotContain("INCIDENT_ATTACHMENT.tableScan"));
        }
    }
}
