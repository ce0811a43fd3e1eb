package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.NewAttachment;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.AttachmentSyncRepository;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.SyncTransport;
import cn.zongzhi.sync.protocol.AttachmentMeta;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Photos and documents travel (decision 0018): the township's photo taken in with the call reaches the city's
 * console byte for byte, the city's document reaches the township, the other township gets neither and may not
 * fetch them. An upload is idempotent by id; a damaged or false file is refused, listed, and not sent again.
 * On H2 and PostgreSQL.
 */
class AttachmentSyncTest {
    private static final Instant MORNING = Instant.parse("2026-12-03T01:00:00Z");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void photosAndDocumentsReachEveryOfficeThatSeesTheIncidentAndNoOther(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole other = SyncTestConsole.sanyuanli(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {
                byte[] photo = png(300_000);
                StoredIncident incident = town.incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234",
                        "0101", "小区门口垃圾堆积", "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW),
                        List.of(new NewAttachment("现场照片.png", "image/png", photo)), town.operator);

                assertThat(town.round().attachments()).as("sent once the city holds the incident").isEqualTo(1);
                assertThat(city.round().attachments()).as("fetched by the city").isEqualTo(1);
                other.round();

                List<IncidentRepository.Attachment> atCity = city.incidents.attachments(incident.id());
                assertThat(atCity).singleElement().satisfies(attachment -> {
                    assertThat(attachment.fileName()).isEqualTo("现场照片.png");
                    assertThat(attachment.mediaType()).isEqualTo("image/png");
                    assertThat(attachment.sizeBytes()).isEqualTo(photo.length);
                });
                assertThat(content(city, atCity.get(0).id())).isEqualTo(photo);
                assertThat(other.database.dsl().fetchCount(INCIDENT_ATTACHMENT)).isZero();
                assertThatThrownBy(() -> other.transport().downloadAttachment(atCity.get(0).id()))
                        .isInstanceOfSatisfying(SyncTransport.Unavailable.class, refused -> {
                            assertThat(refused.status()).isEqualTo(403);
                            assertThat(refused.reason()).isEqualTo("outside-jurisdiction");
                        });

                // The city adds the department's reply as a PDF; the township receives it.
                clock.advance(Duration.ofHours(1));
                byte[] reply = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
                var filed = city.incidents.attach(incident.id(), "处置回复.pdf", "application/pdf", reply, city.operator);
                assertThat(city.round().attachments()).isEqualTo(1);
                assertThat(town.round().attachments()).isEqualTo(1);
                assertThat(town.incidents.attachments(incident.id())).extracting(IncidentRepository.Attachment::fileName)
                        .containsExactly("现场照片.png", "处置回复.pdf");
                assertThat(content(town, filed.id())).isEqualTo(reply);
                assertThat(town.round().attachments()).as("nothing moves twice").isZero();
                assertThat(city.round().attachments()).isZero();

                // Sent again (a reply lost on the way): the stored description; another file under the same id: refused.
                AttachmentMeta again = new AttachmentMeta(filed.id(), incident.id(), "处置回复.pdf", "application/pdf", reply.length,
                        AttachmentMeta.sha256Of(reply), clock.instant(), "CITY-440111");
                assertThat(city.transport().uploadAttachment(again, reply).sha256()).isEqualTo(AttachmentMeta.sha256Of(reply));
                byte[] otherPdf = "%PDF-1.4\n% another\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
                assertThatThrownBy(() -> city.transport().uploadAttachment(new AttachmentMeta(filed.id(), incident.id(), "x.pdf",
                        "application/pdf", otherPdf.length, AttachmentMeta.sha256Of(otherPdf), clock.instant(), "CITY-440111"), otherPdf))
                        .isInstanceOfSatisfying(SyncTransport.Unavailable.class,
                                refused -> assertThat(refused.reason()).isEqualTo("attachment-id-taken"));
                assertThatThrownBy(() -> city.transport().uploadAttachment(new AttachmentMeta(UUID.randomUUID(), incident.id(),
                        "x.pdf", "application/pdf", reply.length, AttachmentMeta.sha256Of(otherPdf), clock.instant(), "CITY-440111"), reply))
                        .isInstanceOfSatisfying(SyncTransport.Unavailable.class,
                                refused -> assertThat(refused.reason()).isEqualTo("checksum-mismatch"));
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("incident_attachment"))).isEqualTo(2);

                // A file that is not what it says (written past the desk's checks) is refused, listed, and not sent again.
                UUID forged = UUID.randomUUID();
                town.database.dsl().insertInto(INCIDENT_ATTACHMENT).set(INCIDENT_ATTACHMENT.ID, forged)
                        .set(INCIDENT_ATTACHMENT.INCIDENT_ID, incident.id()).set(INCIDENT_ATTACHMENT.FILE_NAME, "照片.png")
                        .set(INCIDENT_ATTACHMENT.MEDIA_TYPE, "image/png").set(INCIDENT_ATTACHMENT.SIZE_BYTES, 5L)
                        .set(INCIDENT_ATTACHMENT.CONTENT, "hello".getBytes(StandardCharsets.US_ASCII))
                        .set(INCIDENT_ATTACHMENT.ADDED_AT, java.time.OffsetDateTime.now()).set(INCIDENT_ATTACHMENT.ORIGIN_OFFICE, "TOWN-440111004")
                        .set(INCIDENT_ATTACHMENT.HLC, 1L).execute();
                assertThat(town.round().attachments()).isZero();
                assertThat(town.repository().refusals(10)).filteredOn(refusal -> refusal.reasonCode().equals("bad-attachment"))
                        .singleElement().satisfies(refusal -> {
                            assertThat(refusal.caseNo()).as("listed under its incident").isEqualTo(incident.caseNo());
                            assertThat(refusal.kind()).isEqualTo("ATTACH");
                        });
                assertThat(town.database.dsl().select(INCIDENT_ATTACHMENT.SYNC_STATE).from(INCIDENT_ATTACHMENT)
                        .where(INCIDENT_ATTACHMENT.ID.eq(forged)).fetchOne(INCIDENT_ATTACHMENT.SYNC_STATE)).isEqualTo("PENDING");
                town.round();
                assertThat(town.repository().refusals(10)).extracting(SyncClientRepository.Refusal::reasonCode)
                        .as("refused once, not again each round").containsOnlyOnce("bad-attachment");
            }
        }
    }

    /**
     * Passing failures on the way — a proxy's 408, 429, a 401, a captive portal's page answered with 200 — are not
     * the city's refusal: the photo is neither marked refused nor the fetch given up; each is tried again on a later
     * round and arrives. Only the city's own "never" gives a fetch up, and a fetch given up is listed, not silent.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2"})
    void passingFailuresOfATransferAreTriedAgainAndOnlyTheCitysOwnRefusalIsFinal(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {
                StoredIncident incident = town.incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234",
                        "0101", "小区门口垃圾堆积", "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW),
                        List.of(new NewAttachment("现场照片.png", "image/png", png(5_000))), town.operator);

                java.util.Deque<SyncTransport.Unavailable> onTheWay = new java.util.ArrayDeque<>(List.of(
                        new SyncTransport.Unavailable(408, "http-408", "request timeout from a proxy"),
                        new SyncTransport.Unavailable(429, "http-429", "too many requests"),
                        new SyncTransport.Unavailable(401, "http-401", "a proxy wanting its own login"),
                        new SyncTransport.Unavailable(200, "bad-answer", "a captive portal's page")));
                town.syncVia(transport -> failingFirst(transport, onTheWay, true));
                for (int round = 0; round < 4; round++) {
                    assertThatThrownBy(town::round).as("the round stops and is tried again later")
                            .isInstanceOf(SyncTransport.Unavailable.class);
                    assertThat(town.repository().refusals(10)).as("nothing marked refused").isEmpty();
                    assertThat(town.database.dsl().select(INCIDENT_ATTACHMENT.SYNC_STATE).from(INCIDENT_ATTACHMENT)
                            .fetchOne(INCIDENT_ATTACHMENT.SYNC_STATE)).isEqualTo("LOCAL");
                }
                assertThat(town.round().attachments()).as("sent once the way is clear").isEqualTo(1);

                onTheWay.addAll(List.of(new SyncTransport.Unavailable(403, "http-403", "forbidden by a proxy"),
                        new SyncTransport.Unavailable(200, "bad-answer", "a captive portal's page")));
                city.syncVia(transport -> failingFirst(transport, onTheWay, false));
                for (int round = 0; round < 2; round++) {
                    assertThatThrownBy(city::round).isInstanceOf(SyncTransport.Unavailable.class);
                }
                assertThat(new AttachmentSyncRepository(city.database.dsl()).givenUp(10)).as("not given up").isEmpty();
                assertThat(city.round().attachments()).as("fetched once the way is clear").isEqualTo(1);
                assertThat(city.incidents.attachments(incident.id())).hasSize(1);

                // The city's own "never" (here: it has no such file) gives the fetch up, and it is listed.
                onTheWay.add(new SyncTransport.Unavailable(404, "unknown-attachment", "the server has no such attachment"));
                UUID lost = UUID.randomUUID();
                city.database.dsl().insertInto(cn.zongzhi.db.jooq.Tables.SYNC_RECORD)
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.ENTITY_KIND, "ATTACHMENT")
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.ENTITY_ID, lost.toString())
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.INCIDENT_ID, incident.id())
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.VERSION, 1L)
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.DATA, cn.zongzhi.sync.protocol.SyncJson.MAPPER.writeValueAsString(
                                new AttachmentMeta(lost, incident.id(), "丢失.png", "image/png", 5_000, "00", MORNING, "TOWN-440111004")))
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.RESOLVED, false)
                        .set(cn.zongzhi.db.jooq.Tables.SYNC_RECORD.RECEIVED_AT, java.time.OffsetDateTime.now()).execute();
                city.round();
                assertThat(new AttachmentSyncRepository(city.database.dsl()).givenUp(10)).singleElement().satisfies(givenUp -> {
                    assertThat(givenUp.attachmentId()).isEqualTo(lost);
                    assertThat(givenUp.caseNo()).isEqualTo(incident.caseNo());
                    assertThat(givenUp.fileName()).isEqualTo("丢失.png");
                    assertThat(givenUp.reasonCode()).isEqualTo("unknown-attachment");
                });
            }
        }
    }

    /** Answers each transfer with the next failure queued, as something on the way would, then lets it through. */
    private static SyncTransport failingFirst(SyncTransport transport, java.util.Deque<SyncTransport.Unavailable> failures,
                                              boolean uploads) {
        return new SyncTransport() {
            @Override
            public cn.zongzhi.sync.protocol.HelloReply hello(cn.zongzhi.sync.protocol.Hello hello) {
                return transport.hello(hello);
            }

            @Override
            public cn.zongzhi.sync.protocol.PushReply push(cn.zongzhi.sync.protocol.Push push) {
                return transport.push(push);
            }

            @Override
            public cn.zongzhi.sync.protocol.PullReply pull(cn.zongzhi.sync.protocol.Pull pull) {
                return transport.pull(pull);
            }

            @Override
            public cn.zongzhi.sync.protocol.ReferencePublishReply publishReference(cn.zongzhi.sync.protocol.ReferencePublish publish) {
                return transport.publishReference(publish);
            }

            @Override
            public cn.zongzhi.sync.protocol.ReferencePullReply pullReference(cn.zongzhi.sync.protocol.ReferencePull pull) {
                return transport.pullReference(pull);
            }

            @Override
            public AttachmentMeta uploadAttachment(AttachmentMeta meta, byte[] content) {
                if (uploads && !failures.isEmpty()) {
                    throw failures.pop();
                }
                return transport.uploadAttachment(meta, content);
            }

            @Override
            public Attachment downloadAttachment(UUID id, byte[] have, java.util.function.Consumer<byte[]> keepOnCut) {
                if (!uploads && !failures.isEmpty()) {
                    throw failures.pop();
                }
                return transport.downloadAttachment(id, have, keepOnCut);
            }
        };
    }

    /** A PNG's signature followed by filler: what the desk and the server check a PNG by. */
    private static byte[] png(int size) {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) 7);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, content, 0, signature.length);
        return content;
    }

    private static byte[] content(SyncTestConsole console, UUID attachment) {
        return console.database.dsl().select(INCIDENT_ATTACHMENT.CONTENT).from(INCIDENT_ATTACHMENT)
                .where(INCIDENT_ATTACHMENT.ID.eq(attachment)).fetchOne(INCIDENT_ATTACHMENT.CONTENT);
    }
}
