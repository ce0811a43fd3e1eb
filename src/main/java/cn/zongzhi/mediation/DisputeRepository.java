package cn.zongzhi.mediation;

import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;

/** Disputes and their parties as the one-window desk writes them. */
public final class DisputeRepository {
    private final DSLContext dsl;

    public DisputeRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The next per-day dispute number with this prefix, e.g. BYTJ20261123-0001, inside the caller's transaction. */
    public String nextCaseNumber(String prefix, LocalDate day) {
        return new cn.zongzhi.db.CaseNumberRepository(dsl).next(prefix, day, DISPUTE, DISPUTE.CASE_NO, 4);
    }

    public record NewRow(UUID id, String caseNo, String type, String source, String route, String summary,
                         BigDecimal amount, String risk, String areaCode, UUID incidentId, Instant registeredAt,
                         Instant dueAt, String office, long hlc) {
    }

    public record PartyRow(UUID id, UUID disputeId, String role, String kind, String name, String idNumber,
                           LocalDate birthDate, String regionCode, String phone, String address, String agentName,
                           String office, long hlc) {
    }

    public void insert(NewRow dispute, List<PartyRow> parties) {
        dsl.insertInto(DISPUTE)
                .set(DISPUTE.ID, dispute.id()).set(DISPUTE.CASE_NO, dispute.caseNo())
                .set(DISPUTE.DISPUTE_TYPE, dispute.type()).set(DISPUTE.SOURCE, dispute.source())
                .set(DISPUTE.CHANNEL_ROUTE, dispute.route()).set(DISPUTE.SUMMARY, dispute.summary())
                .set(DISPUTE.AMOUNT, dispute.amount()).set(DISPUTE.RISK_LEVEL, dispute.risk())
                .set(DISPUTE.STATUS, "REGISTERED").set(DISPUTE.AREA_CODE, dispute.areaCode())
                .set(DISPUTE.INCIDENT_ID, dispute.incidentId()).set(DISPUTE.REGISTERED_AT, at(dispute.registeredAt()))
                .set(DISPUTE.DUE_AT, at(dispute.dueAt())).set(DISPUTE.ORIGIN_OFFICE, dispute.office())
                .set(DISPUTE.HLC, dispute.hlc()).set(DISPUTE.SYNC_STATE, "PENDING")
                .execute();
        for (PartyRow party : parties) {
            dsl.insertInto(DISPUTE_PARTY)
                    .set(DISPUTE_PARTY.ID, party.id()).set(DISPUTE_PARTY.DISPUTE_ID, party.disputeId())
                    .set(DISPUTE_PARTY.ROLE, party.role()).set(DISPUTE_PARTY.KIND, party.kind())
                    .set(DISPUTE_PARTY.NAME, party.name()).set(DISPUTE_PARTY.ID_NUMBER, party.idNumber())
                    .set(DISPUTE_PARTY.BIRTH_DATE, party.birthDate()).set(DISPUTE_PARTY.REGION_CODE, party.regionCode())
                    .set(DISPUTE_PARTY.PHONE, party.phone()).set(DISPUTE_PARTY.ADDRESS, party.address())
                    .set(DISPUTE_PARTY.AGENT_NAME, party.agentName()).set(DISPUTE_PARTY.ORIGIN_OFFICE, party.office())
                    .set(DISPUTE_PARTY.HLC, party.hlc()).set(DISPUTE_PARTY.SYNC_STATE, "PENDING")
                    .execute();
        }
    }

    /** The row as the outcome rules need it; null when there is none. */
    /** @param ownerOffice the office that registered the case, which alone changes it (decision 0017) */
    public record State(UUID id, String caseNo, String status, long rowVersion, Instant registeredAt, Instant dueAt,
                        String areaCode, String ownerOffice) {
    }

    public State state(UUID id) {
        return dsl.select(DISPUTE.ID, DISPUTE.CASE_NO, DISPUTE.STATUS, DISPUTE.ROW_VERSION, DISPUTE.REGISTERED_AT, DISPUTE.DUE_AT,
                        DISPUTE.AREA_CODE, DISPUTE.ORIGIN_OFFICE)
                .from(DISPUTE).where(DISPUTE.ID.eq(id).and(DISPUTE.VOIDED.isFalse()))
                .fetchOne(row -> new State(row.value1(), row.value2(), row.value3(), row.value4(), row.value5().toInstant(),
                        row.value6() == null ? null : row.value6().toInstant(), row.value7() == null ? null : row.value7().trim(),
                        row.value8()));
    }

    /** The field's stored value as a correction compares it: a code, the text, or the amount with two decimals. */
    public String correctable(UUID id, ProposalField field) {
        return switch (field) {
            case DISPUTE_TYPE -> dsl.select(DISPUTE.DISPUTE_TYPE).from(DISPUTE).where(DISPUTE.ID.eq(id)).fetchOne(DISPUTE.DISPUTE_TYPE);
            case SUMMARY -> dsl.select(DISPUTE.SUMMARY).from(DISPUTE).where(DISPUTE.ID.eq(id)).fetchOne(DISPUTE.SUMMARY);
            case RISK_LEVEL -> dsl.select(DISPUTE.RISK_LEVEL).from(DISPUTE).where(DISPUTE.ID.eq(id)).fetchOne(DISPUTE.RISK_LEVEL);
            case AMOUNT -> {
                BigDecimal amount = dsl.select(DISPUTE.AMOUNT).from(DISPUTE).where(DISPUTE.ID.eq(id)).fetchOne(DISPUTE.AMOUNT);
                yield amount == null ? null : amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
            }
        };
    }

    /** Writes a corrected field (the value already checked) and marks the case to be sent; false if it moved on. */
    public boolean correct(UUID id, long rowVersion, ProposalField field, String value, long hlc) {
        var update = dsl.update(DISPUTE);
        var set = switch (field) {
            case DISPUTE_TYPE -> update.set(DISPUTE.DISPUTE_TYPE, value);
            case SUMMARY -> update.set(DISPUTE.SUMMARY, value);
            case RISK_LEVEL -> update.set(DISPUTE.RISK_LEVEL, value);
            case AMOUNT -> update.set(DISPUTE.AMOUNT, value == null ? null : new BigDecimal(value));
        };
        return set.set(DISPUTE.HLC, hlc).set(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1)).set(DISPUTE.SYNC_STATE, "PENDING")
                .where(DISPUTE.ID.eq(id).and(DISPUTE.ROW_VERSION.eq(rowVersion))).execute() == 1;
    }

    /**
     * What an account with this area scope may list: disputes of its subtree, and those not yet placed in an
     * area (registered at a window without one), which belong to whoever runs the desk.
     */
    public static org.jooq.Condition inScope(String scope) {
        if (scope == null || scope.isBlank()) {
            return org.jooq.impl.DSL.noCondition();
        }
        return DISPUTE.AREA_CODE.isNull().or(inArea(scope));
    }

    /** Disputes placed in an area subtree, by code range (see {@link cn.zongzhi.areas.AdminArea#lastUnder}). */
    static org.jooq.Condition inArea(String prefix) {
        return DISPUTE.AREA_CODE.between(cn.zongzhi.areas.AdminArea.padded(prefix), cn.zongzhi.areas.AdminArea.lastUnder(prefix));
    }

    public boolean close(UUID id, long rowVersion, String outcome, BigDecimal agreedAmount, String terms, String performanceMethod,
                         LocalDate performBy, LocalDate confirmationDue, LocalDate followUpDue, String referral,
                         String referralSummary, Instant closedAt, long hlc) {
        return dsl.update(DISPUTE)
                .set(DISPUTE.STATUS, "CLOSED").set(DISPUTE.OUTCOME, outcome).set(DISPUTE.AGREED_AMOUNT, agreedAmount)
                .set(DISPUTE.AGREEMENT_TERMS, terms).set(DISPUTE.PERFORMANCE_METHOD, performanceMethod)
                .set(DISPUTE.PERFORM_BY, performBy).set(DISPUTE.CONFIRMATION_DUE, confirmationDue)
                .set(DISPUTE.FOLLOW_UP_DUE, followUpDue).set(DISPUTE.REFERRAL, referral)
                .set(DISPUTE.REFERRAL_SUMMARY, referralSummary).set(DISPUTE.CLOSED_AT, at(closedAt))
                .set(DISPUTE.HLC, hlc).set(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1)).set(DISPUTE.SYNC_STATE, "PENDING")
                .where(DISPUTE.ID.eq(id).and(DISPUTE.ROW_VERSION.eq(rowVersion)))
                .execute() == 1;
    }

    /** Everything a printed document of the case shows. */
    public record CaseFile(String caseNo, String type, String source, String route, String summary, BigDecimal amount,
                           Instant registeredAt, Instant dueAt, String status, String mediatorName, String outcome,
                           String terms, BigDecimal agreedAmount, String performanceMethod, LocalDate performBy,
                           LocalDate confirmationDue, LocalDate followUpDue, Instant closedAt, List<PartyRow> parties) {
    }

    public CaseFile caseFile(String caseNo) {
        var row = dsl.select(DISPUTE.asterisk(), cn.zongzhi.db.jooq.Tables.MEDIATOR.NAME).from(DISPUTE)
                .leftJoin(cn.zongzhi.db.jooq.Tables.MEDIATOR).on(cn.zongzhi.db.jooq.Tables.MEDIATOR.CODE.eq(DISPUTE.MEDIATOR_CODE))
                .where(DISPUTE.CASE_NO.eq(caseNo).and(DISPUTE.VOIDED.isFalse())).fetchOne();
        if (row == null) {
            return null;
        }
        var dispute = row.into(DISPUTE);
        List<PartyRow> parties = dsl.selectFrom(DISPUTE_PARTY)
                .where(DISPUTE_PARTY.DISPUTE_ID.eq(dispute.getId()).and(DISPUTE_PARTY.VOIDED.isFalse()))
                .orderBy(DISPUTE_PARTY.ROLE, DISPUTE_PARTY.NAME)
                .fetch(party -> new PartyRow(party.getId(), party.getDisputeId(), party.getRole(), party.getKind(),
                        party.getName(), party.getIdNumber(), party.getBirthDate(), party.getRegionCode(), party.getPhone(),
                        party.getAddress(), party.getAgentName(), party.getOriginOffice(), party.getHlc()));
        return new CaseFile(dispute.getCaseNo(), dispute.getDisputeType(), dispute.getSource(), dispute.getChannelRoute(),
                dispute.getSummary(), dispute.getAmount(), dispute.getRegisteredAt().toInstant(),
                dispute.getDueAt() == null ? null : dispute.getDueAt().toInstant(), dispute.getStatus(),
                row.get(cn.zongzhi.db.jooq.Tables.MEDIATOR.NAME), dispute.getOutcome(), dispute.getAgreementTerms(),
                dispute.getAgreedAmount(), dispute.getPerformanceMethod(), dispute.getPerformBy(),
                dispute.getConfirmationDue(), dispute.getFollowUpDue(),
                dispute.getClosedAt() == null ? null : dispute.getClosedAt().toInstant(), parties);
    }

    /** How a closed case ended, as recorded: the outcome, an agreement's terms, and a referral. */
    public record RecordedOutcome(String kind, String terms, BigDecimal agreedAmount, String performanceMethod,
                                  LocalDate performBy, String referral, String referralSummary, LocalDate closedOn) {
    }

    /** The recorded outcome of a case within the scope; null when it has none or lies outside the scope. */
    public RecordedOutcome recordedOutcome(UUID id, String scope, java.time.ZoneId zone) {
        var row = dsl.select(DISPUTE.OUTCOME, DISPUTE.AGREEMENT_TERMS, DISPUTE.AGREED_AMOUNT, DISPUTE.PERFORMANCE_METHOD,
                        DISPUTE.PERFORM_BY, DISPUTE.REFERRAL, DISPUTE.REFERRAL_SUMMARY, DISPUTE.CLOSED_AT)
                .from(DISPUTE).where(DISPUTE.ID.eq(id).and(DISPUTE.VOIDED.isFalse()).and(inScope(scope))).fetchOne();
        if (row == null || row.value1() == null) {
            return null;
        }
        return new RecordedOutcome(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                row.value7(), row.value8() == null ? null : row.value8().atZoneSameInstant(zone).toLocalDate());
    }

    /** Records the follow-up visit on an agreement; false when the case is not an agreement or was changed meanwhile. */
    public boolean recordFollowUp(UUID id, long rowVersion, boolean performed, String note, Instant at, long hlc) {
        return dsl.update(DISPUTE)
                .set(DISPUTE.PERFORMED, performed).set(DISPUTE.FOLLOWED_UP_AT, at(at)).set(DISPUTE.FOLLOW_UP_NOTE, note)
                .set(DISPUTE.HLC, hlc).set(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1)).set(DISPUTE.SYNC_STATE, "PENDING")
                .where(DISPUTE.ID.eq(id).and(DISPUTE.ROW_VERSION.eq(rowVersion)).and(DISPUTE.OUTCOME.eq("AGREEMENT")))
                .execute() == 1;
    }

    /** The area of the incident a dispute is made from; null when it has none or is not here. */
    public String incidentArea(UUID incidentId) {
        String area = dsl.select(INCIDENT.AREA_CODE).from(INCIDENT).where(INCIDENT.ID.eq(incidentId)).fetchOne(INCIDENT.AREA_CODE);
        return area == null ? null : area.trim();
    }

    /** The area's code as stored when the area is known here; null when it is not. */
    public String knownArea(String code) {
        String padded = cn.zongzhi.areas.AdminArea.padded(code);
        return dsl.fetchExists(cn.zongzhi.db.jooq.Tables.ADMIN_AREA, cn.zongzhi.db.jooq.Tables.ADMIN_AREA.CODE.eq(padded))
                ? padded : null;
    }

    /** The state of the case with this number; null when there is none. */
    public State stateOf(String caseNo) {
        UUID id = dsl.select(DISPUTE.ID).from(DISPUTE).where(DISPUTE.CASE_NO.eq(caseNo).and(DISPUTE.VOIDED.isFalse()))
                .fetchOne(DISPUTE.ID);
        return id == null ? null : state(id);
    }

    /** Cancels the case's sessions still booked that start at or after {@code from}; how many it cancelled. */
    public int cancelSessionsFrom(UUID disputeId, Instant from, long hlc) {
        return dsl.update(MEDIATION_SESSION)
                .set(MEDIATION_SESSION.STATUS, "CANCELLED").set(MEDIATION_SESSION.HLC, hlc)
                .set(MEDIATION_SESSION.ROW_VERSION, MEDIATION_SESSION.ROW_VERSION.plus(1))
                .set(MEDIATION_SESSION.SYNC_STATE, "PENDING")
                .where(MEDIATION_SESSION.DISPUTE_ID.eq(disputeId).and(MEDIATION_SESSION.STATUS.eq("SCHEDULED"))
                        .and(MEDIATION_SESSION.VOIDED.isFalse()).and(MEDIATION_SESSION.STARTS_AT.ge(at(from))))
                .execute();
    }

    public UUID incidentOf(UUID disputeId) {
        return dsl.select(DISPUTE.INCIDENT_ID).from(DISPUTE).where(DISPUTE.ID.eq(disputeId)).fetchOne(DISPUTE.INCIDENT_ID);
    }

    /**
     * Moves the time limit and adds the extension's note after the notes of earlier ones ("；" between): the parties'
     * consent to each extension is what allows it, so none is overwritten.
     */
    public boolean extend(UUID id, long rowVersion, Instant newDue, String note, long hlc) {
        return dsl.update(DISPUTE)
                .set(DISPUTE.DUE_AT, at(newDue))
                .set(DISPUTE.EXTENSION_NOTE, org.jooq.impl.DSL.when(DISPUTE.EXTENSION_NOTE.isNull(), org.jooq.impl.DSL.val(note))
                        .otherwise(DISPUTE.EXTENSION_NOTE.concat("；", note)))
                .set(DISPUTE.HLC, hlc)
                .set(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1)).set(DISPUTE.SYNC_STATE, "PENDING")
                .where(DISPUTE.ID.eq(id).and(DISPUTE.ROW_VERSION.eq(rowVersion)))
                .execute() == 1;
    }

    /**
     * Agreements whose 30-day window for judicial confirmation ends on or before the day but has not passed
     * yet on {@code today}, and for which no application has been recorded.
     */
    public List<String> confirmationsDueBy(LocalDate today, LocalDate day) {
        return dsl.select(DISPUTE.CASE_NO).from(DISPUTE)
                .where(confirmationDue(today, day))
                .orderBy(DISPUTE.CONFIRMATION_DUE).fetch(DISPUTE.CASE_NO);
    }

    public boolean confirmationApplied(UUID id, long rowVersion, LocalDate day, long hlc) {
        return dsl.update(DISPUTE)
                .set(DISPUTE.CONFIRMATION_APPLIED, day).set(DISPUTE.HLC, hlc)
                .set(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1)).set(DISPUTE.SYNC_STATE, "PENDING")
                .where(DISPUTE.ID.eq(id).and(DISPUTE.ROW_VERSION.eq(rowVersion)).and(DISPUTE.OUTCOME.eq("AGREEMENT")))
                .execute() == 1;
    }

    /** What the desk's reminder list may show beside the open cases. */
    public enum Reminder {
        /** Open cases whose time limit ends within three days, or has ended. */
        TIME_LIMIT,
        /** Agreements still within their window for judicial confirmation, ending within seven days. */
        CONFIRMATION,
        /** Agreements whose follow-up visit is due within three days, or overdue, and not made. */
        FOLLOW_UP,
        /** Cases with a proposed correction not yet answered (by this office as owner, or to it by another). */
        PROPOSALS
    }

    public static final int TIME_LIMIT_WARNING_DAYS = 3;
    public static final int CONFIRMATION_WARNING_DAYS = 7;
    public static final int FOLLOW_UP_WARNING_DAYS = 3;

    private static org.jooq.Condition confirmationDue(LocalDate today, LocalDate by) {
        return DISPUTE.OUTCOME.eq("AGREEMENT").and(DISPUTE.VOIDED.isFalse()).and(DISPUTE.CONFIRMATION_APPLIED.isNull())
                .and(DISPUTE.CONFIRMATION_DUE.ge(today)).and(DISPUTE.CONFIRMATION_DUE.le(by));
    }

    /** The cases a reminder stands for, on {@code today} in {@code zone}. */
    public static org.jooq.Condition reminder(Reminder reminder, LocalDate today, java.time.ZoneId zone) {
        return switch (reminder) {
            case TIME_LIMIT -> DISPUTE.VOIDED.isFalse().and(DISPUTE.STATUS.ne("CLOSED"))
                    .and(DISPUTE.DUE_AT.lt(at(today.plusDays(TIME_LIMIT_WARNING_DAYS + 1L).atStartOfDay(zone).toInstant())));
            case CONFIRMATION -> confirmationDue(today, today.plusDays(CONFIRMATION_WARNING_DAYS));
            case FOLLOW_UP -> DISPUTE.OUTCOME.eq("AGREEMENT").and(DISPUTE.VOIDED.isFalse()).and(DISPUTE.FOLLOWED_UP_AT.isNull())
                    .and(DISPUTE.FOLLOW_UP_DUE.le(today.plusDays(FOLLOW_UP_WARNING_DAYS)));
            case PROPOSALS -> DISPUTE.VOIDED.isFalse().and(DISPUTE.ID.in(org.jooq.impl.DSL.select(
                    cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL.DISPUTE_ID).from(cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL)
                    .where(cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL.STATUS.eq(CaseProposalRepository.PENDING))));
        };
    }

    /** How many cases each reminder holds today. */
    public java.util.Map<Reminder, Integer> reminderCounts(LocalDate today, java.time.ZoneId zone) {
        return reminderCounts(today, zone, null);
    }

    public java.util.Map<Reminder, Integer> reminderCounts(LocalDate today, java.time.ZoneId zone, String scope) {
        java.util.Map<Reminder, Integer> counts = new java.util.EnumMap<>(Reminder.class);
        for (Reminder reminder : Reminder.values()) {
            counts.put(reminder, dsl.fetchCount(DISPUTE, reminder(reminder, today, zone).and(inScope(scope))));
        }
        return counts;
    }

    /** A dispute as the desk's list shows it. */
    public record Summary(UUID id, String caseNo, String type, String source, String status, String summary,
                          BigDecimal amount, Instant registeredAt, Instant dueAt, List<PartyName> partyNames,
                          String mediatorName, String outcome, LocalDate confirmationDue, LocalDate followUpDue,
                          LocalDate confirmationApplied, boolean followedUp, String extensionNote, long rowVersion,
                          String ownerOffice, String riskLevel) {
        public String parties() {
            return String.join("、", partyNames.stream().map(PartyName::name).toList());
        }
    }

    /** A party's name and whether it is a person (whose name is personal data) or an organisation. */
    public record PartyName(String name, boolean person) {
    }

    /** The newest disputes first; open ones only unless {@code all}. At most {@code limit}. */
    public List<Summary> list(boolean all, int limit) {
        return list(all, null, limit);
    }

    public List<Summary> list(boolean all, String scope, int limit) {
        var condition = DISPUTE.VOIDED.isFalse().and(inScope(scope));
        if (!all) {
            condition = condition.and(DISPUTE.STATUS.ne("CLOSED"));
        }
        return list(condition, DISPUTE.REGISTERED_AT.desc(), limit);
    }

    /**
     * The disputes behind a figure: of an area subtree, registered in [from, to) ({@code REGISTERED}) or
     * closed in it ({@code CONCLUDED}, {@code AGREEMENT}, {@code REFERRED}).
     */
    public List<Summary> selection(String areaPrefix, Instant from, Instant to, String basis, String scope, int limit) {
        var condition = DISPUTE.VOIDED.isFalse().and(inScope(scope));
        if (areaPrefix != null && !areaPrefix.isBlank()) {
            condition = condition.and(inArea(areaPrefix));
        }
        condition = switch (basis) {
            case "REGISTERED" -> condition.and(DISPUTE.REGISTERED_AT.ge(at(from))).and(DISPUTE.REGISTERED_AT.lt(at(to)));
            default -> {
                var closed = condition.and(DISPUTE.STATUS.eq("CLOSED")).and(DISPUTE.CLOSED_AT.ge(at(from)))
                        .and(DISPUTE.CLOSED_AT.lt(at(to)));
                yield switch (basis) {
                    case "AGREEMENT" -> closed.and(DISPUTE.OUTCOME.eq("AGREEMENT"));
                    case "REFERRED" -> closed.and(DISPUTE.REFERRAL.isNotNull());
                    default -> closed;
                };
            }
        };
        return list(condition, DISPUTE.REGISTERED_AT.desc(), limit);
    }

    /** The cases of a reminder, the most pressing first. */
    public List<Summary> list(Reminder reminder, LocalDate today, java.time.ZoneId zone, int limit) {
        return list(reminder, today, zone, null, limit);
    }

    public List<Summary> list(Reminder reminder, LocalDate today, java.time.ZoneId zone, String scope, int limit) {
        var order = switch (reminder) {
            case TIME_LIMIT -> DISPUTE.DUE_AT.asc();
            case CONFIRMATION -> DISPUTE.CONFIRMATION_DUE.asc();
            case FOLLOW_UP -> DISPUTE.FOLLOW_UP_DUE.asc();
            case PROPOSALS -> DISPUTE.REGISTERED_AT.desc();
        };
        return list(reminder(reminder, today, zone).and(inScope(scope)), order, limit);
    }

    private List<Summary> list(org.jooq.Condition condition, org.jooq.SortField<?> order, int limit) {
        var rows = dsl.select(DISPUTE.ID, DISPUTE.CASE_NO, DISPUTE.DISPUTE_TYPE, DISPUTE.SOURCE, DISPUTE.STATUS, DISPUTE.SUMMARY,
                        DISPUTE.AMOUNT, DISPUTE.REGISTERED_AT, DISPUTE.DUE_AT, cn.zongzhi.db.jooq.Tables.MEDIATOR.NAME,
                        DISPUTE.OUTCOME, DISPUTE.CONFIRMATION_DUE, DISPUTE.FOLLOW_UP_DUE, DISPUTE.CONFIRMATION_APPLIED,
                        DISPUTE.FOLLOWED_UP_AT, DISPUTE.EXTENSION_NOTE, DISPUTE.ROW_VERSION, DISPUTE.ORIGIN_OFFICE,
                        DISPUTE.RISK_LEVEL)
                .from(DISPUTE).leftJoin(cn.zongzhi.db.jooq.Tables.MEDIATOR)
                .on(cn.zongzhi.db.jooq.Tables.MEDIATOR.CODE.eq(DISPUTE.MEDIATOR_CODE))
                .where(condition).orderBy(order, DISPUTE.CASE_NO).limit(limit).fetch();
        java.util.Map<UUID, List<PartyName>> names = new java.util.HashMap<>();
        List<UUID> ids = rows.map(row -> row.value1());
        if (!ids.isEmpty()) {
            dsl.select(DISPUTE_PARTY.DISPUTE_ID, DISPUTE_PARTY.NAME, DISPUTE_PARTY.KIND).from(DISPUTE_PARTY)
                    .where(DISPUTE_PARTY.DISPUTE_ID.in(ids).and(DISPUTE_PARTY.VOIDED.isFalse()))
                    .orderBy(DISPUTE_PARTY.ROLE, DISPUTE_PARTY.NAME)
                    .forEach(row -> names.computeIfAbsent(row.value1(), id -> new java.util.ArrayList<>())
                            .add(new PartyName(row.value2(), "PERSON".equals(row.value3()))));
        }
        return rows.map(row -> new Summary(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                row.value7(), row.value8().toInstant(), row.value9() == null ? null : row.value9().toInstant(),
                names.getOrDefault(row.value1(), List.of()), row.value10(), row.value11(), row.value12(),
                row.value13(), row.value14(), row.value15() != null, row.value16(), row.value17(), row.value18(),
                row.value19()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
