package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.sync.protocol.Actor;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.SyncLimits;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's rules for a mediation case's snapshot (decision 0017), one by one, on the embedded H2 (the same
 * statements run on PostgreSQL in {@link MediationCaseSyncTest}).
 */
class MediationCaseRulesTest {
    private static final String CITY = "CITY-4401";
    private static final String TOWN_A = "TOWN-440111004";
    private static final String TOWN_B = "TOWN-440111005";

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T02:00:00Z"));
    private final HybridClock hlc = new HybridClock(clock);
    private ServerDatabase database;
    private SyncService sync;
    private SyncService.Caller town;
    private SyncService.Caller townSecondSeat;
    private SyncService.Caller otherTown;
    private SyncService.Caller city;
    private long sequence;

    @BeforeEach
    void open() {
        database = ServerDatabases.fresh(ServerDatabases.H2, folder);
        Enrollments enrollments = new Enrollments(database, clock);
        enrollments.addOffice(CITY, "市综治中心", "CITY", List.of("4401"));
        enrollments.addOffice(TOWN_A, "景泰街道综治中心", "TOWN", List.of("440111004"));
        enrollments.addOffice(TOWN_B, "松洲街道综治中心", "TOWN", List.of("440111005"));
        sync = new SyncService(database, clock);
        town = sync.caller(UUID.randomUUID().toString(), TOWN_A);
        townSecondSeat = sync.caller(UUID.randomUUID().toString(), TOWN_A);
        otherTown = sync.caller(UUID.randomUUID().toString(), TOWN_B);
        city = sync.caller(UUID.randomUUID().toString(), CITY);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFirstSenderOwnsTheCaseAndTheSameSnapshotTwiceChangesNothing() {
        UUID id = UUID.randomUUID();
        ObjectNode registered = registered(id, "440111004001");
        Outcome first = push(town, id, null, registered);
        assertThat(first.outcome()).isEqualTo(OutcomeKind.APPLIED);
        assertThat(first.serverVersion()).isEqualTo(1L);

        Outcome again = push(town, id, 1L, registered.deepCopy());
        assertThat(again.reasonCode()).isEqualTo("already-there");
        assertThat(again.serverVersion()).isEqualTo(1L);
        assertThat(changesOf(city, id)).as("one change in the feed").hasSize(1);

        ObjectNode forged = registered.deepCopy().put("summary", "另一街道改的").put("originOffice", TOWN_B);
        assertThat(push(otherTown, id, 1L, forged).reasonCode()).isEqualTo("outside-jurisdiction");
        assertThat(push(city, id, 1L, forged).reasonCode()).as("the city sees, it does not edit").isEqualTo("not-owner");
        assertThat(changesOf(city, id)).hasSize(1);
        assertThat(changesOf(otherTown, id)).as("the other township never sees it").isEmpty();
        assertThat(changesOf(town, id)).hasSize(1);
    }

    @Test
    void aCaseOutsideTheJurisdictionOrWithoutItsNumberIsRefused() {
        UUID id = UUID.randomUUID();
        assertThat(push(town, id, null, registered(id, "440111005001")).reasonCode()).isEqualTo("outside-jurisdiction");
        ObjectNode noNumber = registered(id, "440111004001");
        noNumber.remove("caseNo");
        assertThat(push(town, id, null, noNumber).reasonCode()).isEqualTo("bad-case-no");
        ObjectNode noSessions = registered(id, "440111004001");
        noSessions.remove("sessions");
        assertThat(push(town, id, null, noSessions).reasonCode()).isEqualTo("bad-case");
        assertThat(push(town, id, null, registered(UUID.randomUUID(), "440111004001")).reasonCode()).isEqualTo("id-mismatch");
        ObjectNode huge = registered(id, "440111004001").put("summary", "纠".repeat(SyncLimits.MAX_CASE_CHARS));
        assertThat(push(town, id, null, huge).reasonCode()).isEqualTo("mutation-too-large");
        // A case without a place goes to its owner's jurisdiction, where the city sees it too.
        ObjectNode nowhere = registered(id, null);
        assertThat(push(town, id, null, nowhere).outcome()).isEqualTo(OutcomeKind.APPLIED);
        assertThat(changesOf(city, id)).hasSize(1);
    }

    @Test
    void whatTheAgreementBindsIsSetOnceWhileLaterStepsStillTravel() {
        UUID id = UUID.randomUUID();
        push(town, id, null, registered(id, "440111004001"));
        ObjectNode agreed = registered(id, "440111004001").put("status", "CLOSED").put("outcome", "AGREEMENT")
                .put("agreementTerms", "李四承担维修费用2000元").put("agreedAmount", "2000.00");
        assertThat(push(town, id, 1L, agreed).serverVersion()).isEqualTo(2L);

        assertThat(push(town, id, 2L, agreed.deepCopy().put("agreementTerms", "李四承担一半")).reasonCode()).isEqualTo("binding-field");
        assertThat(push(town, id, 2L, agreed.deepCopy().put("agreedAmount", "1000.00")).reasonCode()).isEqualTo("binding-field");
        assertThat(push(town, id, 2L, agreed.deepCopy().put("outcome", "WITHDRAWN")).reasonCode()).isEqualTo("binding-field");
        Outcome followUp = push(town, id, 2L, agreed.deepCopy().put("performed", true).put("followedUpAt", "2026-12-20T02:00:00Z"));
        assertThat(followUp.outcome()).isEqualTo(OutcomeKind.APPLIED);
        assertThat(followUp.serverVersion()).isEqualTo(3L);
        assertThat(changesOf(city, id)).extracting(Change::version).as("refusals leave no change").containsExactly(1L, 2L, 3L);
    }

    @Test
    void aSecondSeatOfTheOfficeReplacesTheCaseAndIsToldSo() {
        UUID id = UUID.randomUUID();
        push(town, id, null, registered(id, "440111004001"));
        push(town, id, 1L, registered(id, "440111004001").put("summary", "第一座席补充"));
        Outcome stale = push(townSecondSeat, id, 1L, registered(id, "440111004001").put("summary", "第二座席补充"));
        assertThat(stale.outcome()).isEqualTo(OutcomeKind.APPLIED);
        assertThat(stale.reasonCode()).isEqualTo("replaced-other-seat");
        assertThat(push(townSecondSeat, id, 3L, registered(id, "440111004001").put("summary", "再补充")).reasonCode()).isNull();
    }

    @Test
    void snapshotsAreForCasesOnly() {
        UUID id = UUID.randomUUID();
        Mutation onIncident = new Mutation(UUID.randomUUID(), ++sequence, EntityKind.INCIDENT, id, MutationKind.SNAPSHOT, null,
                null, hlc.next(), new Actor("op", "值班员"), registered(id, "440111004001"));
        assertThat(sync.push(town, new Push(List.of(onIncident))).outcomes().get(0).reasonCode()).isEqualTo("unsupported-mutation");
        Mutation createCase = new Mutation(UUID.randomUUID(), ++sequence, EntityKind.DISPUTE, id, MutationKind.CREATE, null,
                null, hlc.next(), new Actor("op", "值班员"), registered(id, "440111004001"));
        assertThat(sync.push(town, new Push(List.of(createCase))).outcomes().get(0).reasonCode()).isEqualTo("unsupported-mutation");
    }

    private ObjectNode registered(UUID id, String area) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id.toString()).put("caseNo", "JTTJ20261203-0001")
                .put("disputeType", "NEIGHBOUR").put("status", "REGISTERED").put("summary", "楼上漏水")
                .put("registeredAt", "2026-12-03T01:00:00Z").put("originOffice", TOWN_A);
        data.put("areaCode", area);
        data.putArray("parties").addObject().put("id", UUID.randomUUID().toString()).put("role", "APPLICANT").put("name", "张三");
        data.putArray("sessions");
        return data;
    }

    private Outcome push(SyncService.Caller caller, UUID id, Long base, ObjectNode snapshot) {
        Mutation mutation = new Mutation(UUID.randomUUID(), ++sequence, EntityKind.DISPUTE, id, MutationKind.SNAPSHOT, base,
                null, hlc.next(), new Actor("op", "值班员"), snapshot);
        return sync.push(caller, new Push(List.of(mutation))).outcomes().get(0);
    }

    private List<Change> changesOf(SyncService.Caller caller, UUID id) {
        List<Change> all = new ArrayList<>();
        long cursor = 0;
        PullReply page;
        do {
            page = sync.pull(caller, new Pull(null, cursor, 100));
            page.changes().stream().filter(change -> change.entityId().equals(id)).forEach(all::add);
            cursor = page.nextCursor();
        } while (page.more());
        return all;
    }
}
