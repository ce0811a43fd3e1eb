package cn.zongzhi.mediation;

import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_ROOM;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;

public final class MediationRepository {
    private final DSLContext dsl;

    public MediationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void upsertMediators(List<MediationRows.Mediator> mediators) {
        for (MediationRows.Mediator mediator : mediators) {
            dsl.mergeInto(MEDIATOR, MEDIATOR.CODE, MEDIATOR.NAME, MEDIATOR.KIND, MEDIATOR.SPECIALTIES, MEDIATOR.STUDIO_NAME, MEDIATOR.PHONE)
                    .key(MEDIATOR.CODE)
                    .values(mediator.code(), mediator.name(), mediator.kind(), mediator.specialties(), mediator.studioName(), mediator.phone())
                    .execute();
        }
    }

    public void upsertRooms(List<MediationRows.Room> rooms) {
        for (MediationRows.Room room : rooms) {
            dsl.mergeInto(MEDIATION_ROOM, MEDIATION_ROOM.CODE, MEDIATION_ROOM.NAME, MEDIATION_ROOM.CAPACITY, MEDIATION_ROOM.LOCATION)
                    .key(MEDIATION_ROOM.CODE)
                    .values(room.code(), room.name(), room.capacity(), room.location())
                    .execute();
        }
    }

    public void insertDisputes(List<MediationRows.Dispute> disputes, List<MediationRows.Party> parties,
                               List<MediationRows.Session> sessions) {
        if (!disputes.isEmpty()) {
            var batch = dsl.batch(dsl.insertInto(DISPUTE, DISPUTE.ID, DISPUTE.CASE_NO, DISPUTE.DISPUTE_TYPE, DISPUTE.SOURCE,
                    DISPUTE.CHANNEL_ROUTE, DISPUTE.SUMMARY, DISPUTE.AMOUNT, DISPUTE.RISK_LEVEL, DISPUTE.STATUS,
                    DISPUTE.AREA_CODE, DISPUTE.MEDIATOR_CODE, DISPUTE.REGISTERED_AT, DISPUTE.DUE_AT, DISPUTE.CLOSED_AT,
                    DISPUTE.OUTCOME, DISPUTE.AGREED_AMOUNT, DISPUTE.DEMO, DISPUTE.ORIGIN_OFFICE, DISPUTE.HLC)
                    .values(Collections.nCopies(19, null)));
            for (MediationRows.Dispute d : disputes) {
                batch.bind(d.id(), d.caseNo(), d.disputeType(), d.source(), d.route(), d.summary(), d.amount(), d.riskLevel(),
                        d.status(), d.areaCode(), d.mediatorCode(), at(d.registeredAt()), at(d.dueAt()), at(d.closedAt()),
                        d.outcome(), d.agreedAmount(), d.demo(), d.originOffice(), d.hlc());
            }
            batch.execute();
        }
        if (!parties.isEmpty()) {
            var batch = dsl.batch(dsl.insertInto(DISPUTE_PARTY, DISPUTE_PARTY.ID, DISPUTE_PARTY.DISPUTE_ID, DISPUTE_PARTY.ROLE,
                    DISPUTE_PARTY.KIND, DISPUTE_PARTY.NAME, DISPUTE_PARTY.ID_NUMBER, DISPUTE_PARTY.PHONE, DISPUTE_PARTY.ADDRESS,
                    DISPUTE_PARTY.ORIGIN_OFFICE, DISPUTE_PARTY.HLC).values(Collections.nCopies(10, null)));
            for (MediationRows.Party p : parties) {
                batch.bind(p.id(), p.disputeId(), p.role(), p.kind(), p.name(), p.idNumber(), p.phone(), p.address(),
                        p.originOffice(), p.hlc());
            }
            batch.execute();
        }
        if (!sessions.isEmpty()) {
            var batch = dsl.batch(dsl.insertInto(MEDIATION_SESSION, MEDIATION_SESSION.ID, MEDIATION_SESSION.DISPUTE_ID,
                    MEDIATION_SESSION.MEDIATOR_CODE, MEDIATION_SESSION.ROOM_CODE, MEDIATION_SESSION.STARTS_AT,
                    MEDIATION_SESSION.ENDS_AT, MEDIATION_SESSION.STATUS, MEDIATION_SESSION.ORIGIN_OFFICE,
                    MEDIATION_SESSION.HLC).values(Collections.nCopies(9, null)));
            for (MediationRows.Session s : sessions) {
                batch.bind(s.id(), s.disputeId(), s.mediatorCode(), s.roomCode(), at(s.startsAt()), at(s.endsAt()),
                        s.status(), s.originOffice(), s.hlc());
            }
            batch.execute();
        }
    }

    public int countDisputes() {
        return dsl.fetchCount(DISPUTE);
    }

    public int countMediators() {
        return dsl.fetchCount(MEDIATOR);
    }

    public int countRooms() {
        return dsl.fetchCount(MEDIATION_ROOM);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
