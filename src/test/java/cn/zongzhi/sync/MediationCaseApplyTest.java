package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console receiving mediation cases from the city (decision 0017): what it cannot store is passed over without
 * stopping the page, a case number it already gave another case keeps the owner beside it, a mediator it does not
 * know is kept withdrawn, a session the owner dropped is voided, and an older version never overwrites a newer one.
 */
class MediationCaseApplyTest {
    private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");

    @TempDir
    Path folder;

    private Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aCaseItCannotStoreIsPassedOverAndTheRestOfThePageIsApplied() {
        UUID broken = UUID.randomUUID();
        UUID good = UUID.randomUUID();
        ObjectNode unreadable = snapshot(broken, "JTTJ20261203-0001", UUID.randomUUID()).put("registeredAt", "昨天");
        Change first = new Change(1, EntityKind.DISPUTE, broken, 1, UUID.randomUUID(), unreadable);
        Change second = new Change(2, EntityKind.DISPUTE, good, 1, UUID.randomUUID(), snapshot(good, "JTTJ20261203-0002", UUID.randomUUID()));

        database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(List.of(first, second), NOW));

        assertThat(database.dsl().fetchCount(DISPUTE, DISPUTE.ID.eq(broken))).isZero();
        assertThat(database.dsl().fetchCount(DISPUTE, DISPUTE.ID.eq(good))).isEqualTo(1);
        assertThat(database.dsl().select(MEDIATOR.NAME, MEDIATOR.ACTIVE).from(MEDIATOR).where(MEDIATOR.CODE.eq("JT-M01")).fetchOne())
                .satisfies(row -> {
                    assertThat(row.value1()).isEqualTo("王调解");
                    assertThat(row.value2()).as("not offered for this console's own bookings").isFalse();
                });
    }

    @Test
    void aCaseOfTheOfficeThisConsoleIsEnrolledAsIsWrittenUnderTheInstallationsOwnCode() {
        database.dsl().execute("insert into installation (id, replica_id, office_code, created_at) values (1, ?, '440111-JT', ?)",
                UUID.randomUUID(), java.time.OffsetDateTime.ofInstant(NOW, java.time.ZoneOffset.UTC));
        new SyncCredentialRepository(database.dsl()).save(new SyncCredentialRepository.Credential("http://127.0.0.1:1",
                "TOWN-440111004", List.of("440111004"), "token", "epoch", NOW));
        UUID pulledBack = UUID.randomUUID();
        UUID another = UUID.randomUUID();

        apply(new Change(1, EntityKind.DISPUTE, pulledBack, 1, UUID.randomUUID(),
                snapshot(pulledBack, "JTTJ20261203-0009", UUID.randomUUID())));
        apply(new Change(2, EntityKind.DISPUTE, another, 1, UUID.randomUUID(),
                snapshot(another, "BYTJ20261203-0009", UUID.randomUUID()).put("originOffice", "TOWN-440111005")));

        assertThat(owner(pulledBack)).as("this office's own case, under the code its desk knows").isEqualTo("440111-JT");
        assertThat(database.dsl().select(DISPUTE_PARTY.ORIGIN_OFFICE).from(DISPUTE_PARTY)
                .where(DISPUTE_PARTY.DISPUTE_ID.eq(pulledBack)).fetch(DISPUTE_PARTY.ORIGIN_OFFICE)).isNotEmpty().containsOnly("440111-JT");
        assertThat(owner(another)).as("another office's case keeps the city's name for it").isEqualTo("TOWN-440111005");
    }

    private String owner(UUID dispute) {
        return database.dsl().select(DISPUTE.ORIGIN_OFFICE).from(DISPUTE).where(DISPUTE.ID.eq(dispute)).fetchOne(DISPUTE.ORIGIN_OFFICE);
    }

    @Test
    void aTakenCaseNumberKeepsItsOwnerAndAnOlderVersionNeverOverwrites() {
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        apply(new Change(1, EntityKind.DISPUTE, mine, 1, UUID.randomUUID(), snapshot(mine, "BYTJ20261203-0001", UUID.randomUUID())
                .put("originOffice", "CITY-440111")));
        apply(new Change(2, EntityKind.DISPUTE, theirs, 2, UUID.randomUUID(), snapshot(theirs, "BYTJ20261203-0001", session)
                .put("summary", "第二版")));
        assertThat(database.dsl().select(DISPUTE.CASE_NO).from(DISPUTE).where(DISPUTE.ID.eq(theirs)).fetchOne(DISPUTE.CASE_NO))
                .isEqualTo("BYTJ20261203-0001/TOWN-440111004");

        // An older version arriving late (a page pulled again) changes nothing.
        apply(new Change(3, EntityKind.DISPUTE, theirs, 1, UUID.randomUUID(), snapshot(theirs, "BYTJ20261203-0001", session)
                .put("summary", "第一版")));
        assertThat(database.dsl().select(DISPUTE.SUMMARY).from(DISPUTE).where(DISPUTE.ID.eq(theirs)).fetchOne(DISPUTE.SUMMARY))
                .isEqualTo("第二版");

        // The owner dropped the session: it is voided here, not deleted.
        ObjectNode withoutSession = snapshot(theirs, "BYTJ20261203-0001", session).put("summary", "第三版");
        withoutSession.putArray("sessions");
        apply(new Change(4, EntityKind.DISPUTE, theirs, 3, UUID.randomUUID(), withoutSession));
        assertThat(database.dsl().select(MEDIATION_SESSION.VOIDED).from(MEDIATION_SESSION).where(MEDIATION_SESSION.ID.eq(session))
                .fetchOne(MEDIATION_SESSION.VOIDED)).isTrue();
        assertThat(database.dsl().fetchCount(DISPUTE_PARTY, DISPUTE_PARTY.DISPUTE_ID.eq(theirs).and(DISPUTE_PARTY.VOIDED.isFalse())))
                .as("each version here names its party anew: the earlier ones are voided, the latest stands").isEqualTo(1);
    }

    private void apply(Change change) {
        database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(List.of(change), NOW));
    }

    private static ObjectNode snapshot(UUID id, String caseNo, UUID session) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id.toString()).put("caseNo", caseNo)
                .put("disputeType", "NEIGHBOUR").put("source", "PARTY_APPLICATION").put("status", "IN_MEDIATION")
                .put("summary", "楼上漏水").put("registeredAt", "2026-12-01T01:00:00Z").put("mediatorCode", "JT-M01")
                .put("originOffice", "TOWN-440111004").put("voided", false);
        data.putArray("parties").addObject().put("id", UUID.randomUUID().toString()).put("role", "APPLICANT")
                .put("kind", "PERSON").put("name", "张三").put("voided", false);
        data.putArray("sessions").addObject().put("id", session.toString()).put("mediatorCode", "JT-M01")
                .put("startsAt", "2026-12-04T01:00:00Z").put("endsAt", "2026-12-04T02:00:00Z").put("status", "BOOKED")
                .put("voided", false);
        data.putArray("mediators").addObject().put("code", "JT-M01").put("name", "王调解").put("kind", "MODEL_MEDIATOR");
        data.putArray("rooms");
        return data;
    }
}
