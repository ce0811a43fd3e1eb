package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.NewAttachment;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.SyncTransport;
import cn.zongzhi.sync.protocol.SyncLimits;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ATTACHMENT_FETCH_PART;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A photo sent or fetched over a link that drops midway goes on where it stopped in the next round, not from its
 * first byte (decision 0018): sent in parts the server keeps, fetched with the rest asked for by range. On H2 and
 * PostgreSQL, through the fault proxy.
 */
class AttachmentResumeTest {
    private static final Instant MORNING = Instant.parse("2026-12-04T01:00:00Z");
    private static final int PART = SyncLimits.ATTACHMENT_PART_BYTES;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aPhotoCutMidwayGoesOnWhereItStoppedUpAndDown(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock);
             FaultProxy proxy = new FaultProxy(server.port())) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {
                town.talkTo(proxy.port());
                city.talkTo(proxy.port());
                // Three whole parts and a bit, of bytes that differ, so a part joined out of place shows.
                byte[] photo = png(3 * PART + 123_457);
                StoredIncident incident = town.incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234",
                        "0101", "小区门口垃圾堆积", "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW),
                        List.of(new NewAttachment("现场照片.png", "image/png", photo)), town.operator);
                UUID attachment = town.database.dsl().select(INCIDENT_ATTACHMENT.ID).from(INCIDENT_ATTACHMENT)
                        .where(INCIDENT_ATTACHMENT.INCIDENT_ID.eq(incident.id())).fetchOne(INCIDENT_ATTACHMENT.ID);

                // Up: the server answers where it stands and takes the first part; the second is cut halfway.
                String parts = "/sync/attachment/" + attachment + "/part";
                proxy.next(parts, FaultProxy.Fault.PASS, FaultProxy.Fault.PASS, FaultProxy.Fault.CUT_REQUEST_MIDWAY);
                assertThat(catchThrowable(town::round)).isInstanceOf(SyncTransport.Unavailable.class);
                assertThat(proxy.delivered(parts)).isEqualTo(2);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("attachment_upload_part")))
                        .as("the first part kept, nothing of the cut one").isEqualTo(1);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("incident_attachment"))).isZero();

                assertThat(town.round().attachments()).isEqualTo(1);
                assertThat(proxy.delivered(parts) - 2).as("asked where it stood, then the three parts it lacked")
                        .isEqualTo(1 + 3);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("attachment_upload_part")))
                        .as("parts joined and forgotten").isZero();
                assertThat(serverDb.dsl().select(org.jooq.impl.DSL.field("content", byte[].class))
                        .from(org.jooq.impl.DSL.table("incident_attachment")).fetchOne(0, byte[].class)).isEqualTo(photo);

                // Down: the city's fetch is cut halfway through the reply; it keeps what came and asks for the rest.
                String one = "/sync/attachment/" + attachment;
                proxy.next(one, FaultProxy.Fault.CUT_REPLY_MIDWAY);
                assertThat(catchThrowable(city::round)).isInstanceOf(SyncTransport.Unavailable.class);
                byte[] kept = city.database.dsl().select(ATTACHMENT_FETCH_PART.CONTENT).from(ATTACHMENT_FETCH_PART)
                        .where(ATTACHMENT_FETCH_PART.ATTACHMENT_ID.eq(attachment)).fetchOne(ATTACHMENT_FETCH_PART.CONTENT);
                assertThat(kept).isNotNull();
                assertThat(kept.length).isPositive().isLessThan(photo.length);
                assertThat(kept).isEqualTo(Arrays.copyOf(photo, kept.length));
                long sentBefore = proxy.replyBodyBytes(one);

                assertThat(city.round().attachments()).isEqualTo(1);
                assertThat(proxy.replyBodyBytes(one) - sentBefore).as("only the rest came the second time")
                        .isEqualTo(photo.length - kept.length);
                assertThat(city.database.dsl().select(INCIDENT_ATTACHMENT.CONTENT).from(INCIDENT_ATTACHMENT)
                        .where(INCIDENT_ATTACHMENT.ID.eq(attachment)).fetchOne(INCIDENT_ATTACHMENT.CONTENT)).isEqualTo(photo);
                assertThat(city.database.dsl().fetchCount(ATTACHMENT_FETCH_PART)).isZero();
                assertThat(town.round().attachments()).as("nothing moves twice").isZero();
                assertThat(city.round().attachments()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void everyPartHereButTheFileNotStoredIsJoinedAtTheNextAskRatherThanRefused(String kind) throws Exception {
        // The server stopped between keeping the last part and storing the file.
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock)) {
                byte[] photo = png(2 * PART + 99);
                StoredIncident incident = town.incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234",
                        "0101", "小区门口垃圾堆积", "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW),
                        List.of(new NewAttachment("现场照片.png", "image/png", photo)), town.operator);
                UUID attachment = town.database.dsl().select(INCIDENT_ATTACHMENT.ID).from(INCIDENT_ATTACHMENT)
                        .where(INCIDENT_ATTACHMENT.INCIDENT_ID.eq(incident.id())).fetchOne(INCIDENT_ATTACHMENT.ID);
                AttachmentRepository parts = new AttachmentRepository(serverDb.dsl());
                for (int offset = 0; offset < photo.length; offset += PART) {
                    parts.insertPart(attachment, "TOWN-440111004", offset,
                            Arrays.copyOfRange(photo, offset, Math.min(photo.length, offset + PART)), MORNING);
                }

                assertThat(town.round().attachments()).isEqualTo(1);
                assertThat(serverDb.dsl().select(org.jooq.impl.DSL.field("content", byte[].class))
                        .from(org.jooq.impl.DSL.table("incident_attachment")).fetchOne(0, byte[].class)).isEqualTo(photo);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("attachment_upload_part"))).isZero();
                assertThat(town.repository().refusals(10)).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void partsOfAnUploadNobodyContinuesAreForgottenWholeAndAnUploadStillComingKeepsAllItsParts(String kind) throws Exception {
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"))) {
            AttachmentRepository attachments = new AttachmentRepository(serverDb.dsl());
            UUID abandoned = UUID.randomUUID();
            UUID resumed = UUID.randomUUID();
            byte[] part = new byte[1000];
            attachments.insertPart(abandoned, "TOWN-440111004", 0, part, MORNING);
            attachments.insertPart(abandoned, "TOWN-440111004", 1000, part, MORNING.plus(java.time.Duration.ofDays(1)));
            attachments.insertPart(resumed, "TOWN-440111004", 0, part, MORNING);
            attachments.insertPart(resumed, "TOWN-440111004", 1000, part, MORNING.plus(java.time.Duration.ofDays(40)));
            // The same attachment id from another office is another upload.
            attachments.insertPart(abandoned, "TOWN-440111005", 0, part, MORNING.plus(java.time.Duration.ofDays(35)));

            Instant monthAfterTheFirst = MORNING.plus(java.time.Duration.ofDays(1)).plus(AttachmentService.UPLOAD_IDLE_LIMIT);
            assertThat(attachments.deleteUploadsIdleSince(monthAfterTheFirst.plusSeconds(1))).isEqualTo(2);
            assertThat(attachments.received(abandoned, "TOWN-440111004")).isZero();
            assertThat(attachments.received(resumed, "TOWN-440111004")).as("its old first part too").isEqualTo(2000);
            assertThat(attachments.received(abandoned, "TOWN-440111005")).isEqualTo(1000);
        }
    }

    /** A PNG's signature followed by bytes from a fixed seed. */
    private static byte[] png(int size) {
        byte[] content = new byte[size];
        new Random(20261204).nextBytes(content);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, content, 0, signature.length);
        return content;
    }
}
