package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.Enrollments;
import cn.zongzhi.server.ServerDatabase;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.SyncCredentialRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/** The city administrator adds an office on the server's command line; the township enrolls with the code. */
class EnrollCommandTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    @Test
    void officeAddThenEnrollFromTheTownship() {
        Path serverData = folder.resolve("city");
        assertThat(Main.run("office", "add", "--data", serverData.toString(), "--code", "440111004-T", "--name", "景泰街道综治中心",
                "--level", "TOWN", "--area", "440111004")).isZero();
        String[] lines = output.out().strip().split("\\R");
        String code = lines[lines.length - 1];
        assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");
        output.reset();
        assertThat(Main.run("office", "add", "--data", serverData.toString(), "--code", "bad code!", "--name", "x", "--area", "44"))
                .isEqualTo(2);
        assertThat(output.err()).contains("office code");

        Path township = folder.resolve("township/zongzhi");
        assertThat(Main.run("--db", township.toString(), "demo", "--incidents", "0")).isZero();
        try (ServerDatabase database = ServerDatabase.h2(serverData);
             CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), Clock.systemUTC())) {
            output.reset();
            assertThat(Main.run("--db", township.toString(), "enroll", "--server", "http://127.0.0.1:" + server.port(),
                    "--code", code)).isZero();
            assertThat(output.out()).contains("enrolled as office 440111004-T (areas 440111004)");
            output.reset();
            assertThat(Main.run("--db", township.toString(), "enroll", "--server", "http://127.0.0.1:" + server.port(),
                    "--code", code)).isEqualTo(1);
            assertThat(output.err()).contains("used-code").doesNotContain(code);

            // A township's console does not publish reference data: the server refuses and the command says so.
            output.reset();
            assertThat(Main.run("--db", township.toString(), "reference", "publish")).isEqualTo(2);
            assertThat(output.err()).contains("only the city office publishes reference data").contains("not-city");

            // A database nobody has set up (no office, no installation id) cannot enroll; said plainly, not a trace.
            Path bare = folder.resolve("bare/zongzhi");
            Database.open(bare).close();
            output.reset();
            assertThat(Main.run("--db", bare.toString(), "enroll", "--server", "http://127.0.0.1:" + server.port(),
                    "--code", code)).isEqualTo(2);
            assertThat(output.err()).contains("has not been set up yet").doesNotContain("Exception");
        }
        output.reset();
        assertThat(Main.run("--db", township.toString(), "enroll", "--server", "http://127.0.0.1:9", "--code", code)).isEqualTo(1);
        assertThat(output.err()).contains("cannot be reached");
        try (Database database = Database.open(township)) {
            assertThat(new SyncCredentialRepository(database.dsl()).find()).get()
                    .extracting(SyncCredentialRepository.Credential::officeCode).isEqualTo("440111004-T");
        }
    }

    @Test
    void aDatabaseHoldingOneOfficesRecordsIsNotEnrolledAsAnotherOfficeAndLosesNothing() {
        Path serverData = folder.resolve("city");
        Path township = folder.resolve("township/zongzhi");
        assertThat(Main.run("--db", township.toString(), "demo", "--incidents", "0")).isZero();
        try (ServerDatabase database = ServerDatabase.h2(serverData);
             CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), Clock.systemUTC())) {
            Enrollments enrollments = new Enrollments(database, Clock.systemUTC());
            String ours = enrollments.addOffice("440111004-T", "景泰街道综治中心", "TOWN", List.of("440111004"));
            String theirs = enrollments.addOffice("440111005-T", "同和街道综治中心", "TOWN", List.of("440111005"));
            String url = "http://127.0.0.1:" + server.port();
            assertThat(Main.run("--db", township.toString(), "enroll", "--server", url, "--code", ours)).isZero();
            SyncCredentialRepository.Credential held;
            try (Database local = Database.open(township)) {
                held = new SyncCredentialRepository(local.dsl()).find().orElseThrow();
                local.dsl().execute("insert into sync_outbox(client_sequence, mutation_id, entity_kind, entity_id, mutation_kind, "
                        + "hlc, created_at) values (1, ?, 'INCIDENT', ?, 'NOTE', 1, current_timestamp)", UUID.randomUUID(), UUID.randomUUID());
            }

            // Enrolled and working, then the city refuses the credential: neither time is another office's code taken.
            for (boolean refused : List.of(false, true)) {
                if (refused) {
                    try (Database local = Database.open(township)) {
                        new SyncClientRepository(local.dsl()).failed("unauthenticated: a valid installation credential is required");
                    }
                    theirs = enrollments.newCode("440111005-T");
                }
                output.reset();
                assertThat(Main.run("--db", township.toString(), "enroll", "--server", url, "--code", theirs)).isEqualTo(1);
                assertThat(output.err()).contains("(other-office)", "holds the records of office 440111004-T",
                        "the code was for office 440111005-T", "nothing was changed", "本机未做任何更改").doesNotContain(theirs);
                try (Database local = Database.open(township)) {
                    assertThat(new SyncCredentialRepository(local.dsl()).find()).as("the credential held stays").contains(held);
                    assertThat(local.dsl().fetchCount(SYNC_OUTBOX)).as("nothing waiting is lost").isEqualTo(1);
                    assertThat(new SyncCredentialRepository(local.dsl()).refused()).isEqualTo(refused);
                }
            }

            output.reset();
            assertThat(Main.run("--db", township.toString(), "enroll", "--server", url, "--code",
                    enrollments.newCode("440111004-T"))).isZero();
            try (Database local = Database.open(township)) {
                var credential = new SyncCredentialRepository(local.dsl()).find().orElseThrow();
                assertThat(credential.officeCode()).isEqualTo("440111004-T");
                assertThat(credential.token()).isNotEqualTo(held.token());
                assertThat(new SyncCredentialRepository(local.dsl()).refused()).as("the refusal is forgotten").isFalse();
                assertThat(local.dsl().fetchCount(SYNC_OUTBOX)).isEqualTo(1);
            }
        }
    }
}
