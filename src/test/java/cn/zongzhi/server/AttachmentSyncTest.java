package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.NewAttachment;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
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
