package cn.zongzhi.mediation;

import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.IdentityCheck;
import cn.zongzhi.common.Ids;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.nio.file.Path;

/**
 * The one-window desk: a dispute registered with all its parties in one transaction, each party's identity
 * checked (GB 11643 for people, GB 32100 for organisations); outcomes that close it and start the windows that
 * follow an agreement (30 days for judicial confirmation, a follow-up visit after the performance date); the
 * one-month time limit extended only with the parties' consent noted.
 */
public final class DisputeService {
    /** The usual time limit of people's mediation: thirty days from acceptance. */
    public static final Duration TIME_LIMIT = Duration.ofDays(30);
    /** Parties may apply for judicial confirmation within thirty days of the agreement taking effect. */
    public static final int CONFIRMATION_DAYS = 30;

    private static final Set<String> SOURCES = Set.of("PARTY_APPLICATION", "OWN_INITIATIVE", "POLICE_TRANSFER",
            "COURT_ENTRUSTED", "GOVERNMENT_ASSIGNED", "FROM_INCIDENT");
    private static final Set<String> ROUTES = Set.of("PEOPLES", "ADMINISTRATIVE", "JUDICIAL", "LAWYER", "PSYCHOLOGICAL");
    /** A case's risk levels, highest first (the dispute table's check constraint). */
    public static final List<String> RISK_LEVELS = List.of("RED", "ORANGE", "YELLOW");
    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}|\\d{7,8}");

    private final DSLContext dsl;
    private final HybridClock hlc;
    private final Clock clock;
    private final ZoneId zone;
    private final String office;
    private final String casePrefix;
    private final cn.zongzhi.auth.Operator actor;
    private java.util.function.BiConsumer<UUID, String> linkedIncidentClosed = (incident, note) -> { };

    /** {@code actor}: the signed-in account every change is checked against (see {@link cn.zongzhi.auth.Role}). */
    public DisputeService(DSLContext dsl, HybridClock hlc, Clock clock, ZoneId zone, String office, String casePrefix,
                          cn.zongzhi.auth.Operator actor) {
        this.dsl = dsl;
        this.actor = actor;
        this.hlc = hlc;
        this.clock = clock;
        this.zone = zone;
        this.office = office;
        this.casePrefix = casePrefix;
    }

    /** Corrections of cases after registration: this office's own, and proposals to and from other offices. */
    public CaseProposals proposals() {
        return new CaseProposals(dsl, hlc, clock, office, actor);
    }

    public record NewParty(String role, String kind, String name, String idNumber, String phone, String address,
                           String agentName) {
    }

    public record NewDispute(String type, String source, String route, BigDecimal amount, String summary, String risk,
                             String areaCode, UUID incidentId, List<NewParty> parties) {
    }

    public record Registered(UUID id, String caseNo, Instant dueAt) {
    }

    /**
     * What to do with the incident a dispute came from when the dispute closes (the console resolves it with the
     * outcome as its result, where the incident's state allows). Runs after the dispute's transaction.
     */
    public void onLinkedIncidentClosed(java.util.function.BiConsumer<UUID, String> handler) {
        linkedIncidentClosed = handler;
    }

    public Registered register(NewDispute input) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_REGISTER);
        String area = areaOf(input);
        cn.zongzhi.auth.Access.requireArea(actor, area, cn.zongzhi.auth.Permission.DISPUTE_REGISTER);
        List<DisputeRepository.PartyRow> parties = new ArrayList<>();
        UUID id = Ids.newId();
        validate(input);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        for (NewParty party : input.parties()) {
            parties.add(party(id, party, today));
        }
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            String caseNo = disputes.nextCaseNumber(casePrefix + "TJ", LocalDate.ofInstant(now, zone));
            long stamp = hlc.next();
            Instant due = now.plus(TIME_LIMIT);
            disputes.insert(new DisputeRepository.NewRow(id, caseNo, input.type(), input.source(), input.route(),
                    input.summary().trim(), input.amount(), input.risk(), area, input.incidentId(), now, due,
                    office, stamp), parties.stream().map(row -> new DisputeRepository.PartyRow(row.id(), row.disputeId(),
                    row.role(), row.kind(), row.name(), row.idNumber(), row.birthDate(), row.regionCode(), row.phone(),
                    row.address(), row.agentName(), office, stamp)).toList());
            CaseAudit.append(configuration.dsl(), now, actor, "REGISTER", caseNo, "type " + input.type() + ", "
                    + parties.size() + " parties");
            return new Registered(id, caseNo, due);
        });
    }

    /**
     * Where the case belongs: the area given, else the area of the incident it came from, else the registering
     * account's own area. A case in no area is the whole office's: every account of the office sees and acts on it,
     * which a street's receptionist registering at the street's window never means.
     */
    private String areaOf(NewDispute input) {
        if (input.areaCode() != null && !input.areaCode().isBlank()) {
            return input.areaCode().trim();
        }
        if (input.incidentId() != null) {
            String incidentArea = new DisputeRepository(dsl).incidentArea(input.incidentId());
            if (incidentArea != null) {
                return incidentArea;
            }
        }
        // An account's area is one of the office's areas; a database without it (no areas loaded yet) places the case
        // in none, as before.
        return actor.areaCode() == null || actor.areaCode().isBlank() ? null
                : new DisputeRepository(dsl).knownArea(actor.areaCode().trim());
    }

    private static void validate(NewDispute input) {
        if (!DisputeType.isCode(input.type())) {
            throw new DisputeRefused("mediation.refused.type");
        }
        if (input.source() == null || !SOURCES.contains(input.source())) {
            throw new DisputeRefused("mediation.refused.source");
        }
        if (input.route() != null && !ROUTES.contains(input.route())) {
            throw new DisputeRefused("mediation.refused.route");
        }
        if (input.summary() == null || input.summary().isBlank()) {
            throw new DisputeRefused("mediation.refused.summary");
        }
        if (input.amount() != null && input.amount().signum() < 0) {
            throw new DisputeRefused("mediation.refused.amount");
        }
        boolean applicant = input.parties().stream().anyMatch(party -> "APPLICANT".equals(party.role()));
        boolean other = input.parties().stream().anyMatch(party -> !"APPLICANT".equals(party.role()));
        if (!applicant || !other) {
            throw new DisputeRefused("mediation.refused.parties");
        }
    }

    private DisputeRepository.PartyRow party(UUID disputeId, NewParty party, LocalDate today) {
        String name = party.name() == null ? "" : party.name().trim();
        if (name.isEmpty()) {
            throw new DisputeRefused("mediation.refused.partyName");
        }
        if (!Set.of("APPLICANT", "RESPONDENT", "THIRD_PARTY").contains(party.role())
                || !Set.of("PERSON", "ORGANISATION").contains(party.kind())) {
            throw new DisputeRefused("mediation.refused.partyRole", name);
        }
        String number = party.idNumber() == null || party.idNumber().isBlank() ? null
                : party.idNumber().replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
        LocalDate birth = null;
        String region = null;
        if (number != null) {
            IdentityCheck.Result check = IdentityCheck.check(number, today);
            boolean person = "PERSON".equals(party.kind());
            boolean rightKind = person ? check.kind() != IdentityCheck.Kind.CREDIT_CODE : check.kind() == IdentityCheck.Kind.CREDIT_CODE;
            if (!check.valid() || !rightKind) {
                throw new DisputeRefused(person ? "mediation.refused.idNumber" : "mediation.refused.creditCode", name,
                        check.valid() ? "" : check.reason());
            }
            birth = check.birthDate();
            region = person ? number.substring(0, 6) : null;
        }
        String phone = party.phone() == null || party.phone().isBlank() ? null : party.phone().replaceAll("[\\s]", "");
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new DisputeRefused("mediation.refused.phone", name, phone);
        }
        return new DisputeRepository.PartyRow(Ids.newId(), disputeId, party.role(), party.kind(), name, number, birth, region,
                phone, blankToNull(party.address()), blankToNull(party.agentName()), office, 0);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /**
     * How a case ends. AGREEMENT needs terms and may carry an amount, how and by when it is performed;
     * FAILED and UNSUITABLE are referred to the fast-track court or to litigation with a summary; WITHDRAWN
     * needs nothing more.
     */
    public record Outcome(String kind, String terms, BigDecimal agreedAmount, String performanceMethod, LocalDate performBy,
                          String referral, String referralSummary) {
    }

    /** The windows an outcome opened; null fields do not apply. */
    public record Closed(String caseNo, LocalDate confirmationDue, LocalDate followUpDue) {
    }

    private void requireOwn(DisputeRepository.State state) {
        CaseOwnership.require(state, office);
    }

    /** Whether this console may change the case: it registered it (another office's case came from the city to be seen). */
    public boolean isOwn(DisputeRepository.Summary summary) {
        return CaseOwnership.isOwn(summary.ownerOffice(), office);
    }

    public Closed recordOutcome(UUID disputeId, long rowVersion, Outcome outcome) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate confirmationDue = null;
        LocalDate followUpDue = null;
        String referral = null;
        String referralSummary = null;
        switch (outcome.kind()) {
            case "AGREEMENT" -> {
                if (outcome.terms() == null || outcome.terms().isBlank()) {
                    throw new DisputeRefused("mediation.refused.terms");
                }
                if (outcome.agreedAmount() != null && outcome.agreedAmount().signum() < 0) {
                    throw new DisputeRefused("mediation.refused.amount");
                }
                if (outcome.performBy() != null && outcome.performBy().isBefore(today)) {
                    throw new DisputeRefused("mediation.refused.performBy", outcome.performBy());
                }
                confirmationDue = today.plusDays(CONFIRMATION_DAYS);
                followUpDue = (outcome.performBy() != null ? outcome.performBy() : today.plusDays(CONFIRMATION_DAYS)).plusDays(1);
            }
            case "FAILED", "UNSUITABLE" -> {
                if (!Set.of("FAST_TRACK_COURT", "LITIGATION").contains(outcome.referral())) {
                    throw new DisputeRefused("mediation.refused.referral");
                }
                if (outcome.referralSummary() == null || outcome.referralSummary().isBlank()) {
                    throw new DisputeRefused("mediation.refused.referralSummary");
                }
                referral = outcome.referral();
                referralSummary = outcome.referralSummary().trim();
            }
            case "WITHDRAWN" -> {
            }
            default -> throw new DisputeRefused("mediation.refused.outcome");
        }
        LocalDate confirmation = confirmationDue;
        LocalDate followUp = followUpDue;
        String referredTo = referral;
        String summary = referralSummary;
        Closed closed = dsl.transactionResult(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            requireOwn(state);
            cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
            if ("CLOSED".equals(state.status())) {
                throw new DisputeRefused("mediation.refused.closed", state.caseNo());
            }
            boolean agreement = "AGREEMENT".equals(outcome.kind());
            if (!disputes.close(disputeId, rowVersion, outcome.kind(),
                    agreement ? outcome.agreedAmount() : null, agreement ? outcome.terms().trim() : null,
                    agreement ? blankToNull(outcome.performanceMethod()) : null, agreement ? outcome.performBy() : null,
                    confirmation, followUp, referredTo, summary, now, hlc.next())) {
                throw new DisputeRefused("mediation.refused.stale", state.caseNo());
            }
            // A closed case's sessions still to come would hold their mediator and room and stand on the calendar.
            int cancelled = disputes.cancelSessionsFrom(disputeId, now, hlc.next());
            CaseAudit.append(configuration.dsl(), now, actor, "OUTCOME", state.caseNo(), "outcome " + outcome.kind()
                    + (referredTo == null ? "" : ", referred to " + referredTo)
                    + (cancelled == 0 ? "" : ", " + cancelled + " sessions to come cancelled"));
            return new Closed(state.caseNo(), confirmation, followUp);
        });
        UUID incident = new DisputeRepository(dsl).incidentOf(disputeId);
        if (incident != null) {
            linkedIncidentClosed.accept(incident, "纠纷 " + closed.caseNo() + " 调解结案：" + DisputeOutcomeNames.of(outcome.kind())
                    + ("AGREEMENT".equals(outcome.kind()) ? "，" + outcome.terms().trim() : ""));
        }
        return closed;
    }

    /** Extends the time limit; the parties' consent is what makes it lawful, so it must be written down. */
    public Instant extendTimeLimit(UUID disputeId, long rowVersion, int days, String consentNote) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
        if (days <= 0 || days > 30) {
            throw new DisputeRefused("mediation.refused.extensionDays", days);
        }
        if (consentNote == null || consentNote.isBlank()) {
            throw new DisputeRefused("mediation.refused.consent");
        }
        return dsl.transactionResult(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            requireOwn(state);
            cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
            if ("CLOSED".equals(state.status())) {
                throw new DisputeRefused("mediation.refused.closed", state.caseNo());
            }
            Instant base = state.dueAt() != null ? state.dueAt() : state.registeredAt().plus(TIME_LIMIT);
            Instant due = base.plus(Duration.ofDays(days));
            String entry = LocalDate.now(clock.withZone(zone)) + " +" + days + ": " + consentNote.trim();
            if (!disputes.extend(disputeId, rowVersion, due, entry, hlc.next())) {
                throw new DisputeRefused("mediation.refused.stale", state.caseNo());
            }
            CaseAudit.append(configuration.dsl(), clock.instant(), actor, "EXTEND", state.caseNo(), "time limit extended by "
                    + days + " days, with the parties' consent noted");
            return due;
        });
    }

    /** The follow-up visit (履行回访): was the agreement performed, and what the visitor noted. */
    public void recordFollowUp(UUID disputeId, long rowVersion, boolean performed, String note) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
        dsl.transaction(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            requireOwn(state);
            cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
            if (!disputes.recordFollowUp(disputeId, rowVersion, performed, blankToNull(note), clock.instant(), hlc.next())) {
                throw new DisputeRefused("CLOSED".equals(state.status()) && state.rowVersion() == rowVersion
                        ? "mediation.refused.noAgreementToVisit" : "mediation.refused.stale", state.caseNo());
            }
            CaseAudit.append(configuration.dsl(), clock.instant(), actor, "FOLLOW_UP", state.caseNo(),
                    performed ? "agreement performed" : "agreement not performed");
        });
    }

    /**
     * Prints one of the case's documents to a PDF file. A document carries the parties' names, ID numbers, phones
     * and addresses in full, as the law asks of it: printing one is a reveal, allowed to the accounts that may
     * reveal, within their area, and written to the audit log like one.
     */
    public void printDocument(String caseNo, MediationDocuments.Kind kind, MediationDocuments documents, Path out) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.PERSONAL_DATA_REVEAL);
        DisputeRepository repository = new DisputeRepository(dsl);
        DisputeRepository.CaseFile file = repository.caseFile(caseNo);
        DisputeRepository.State state = file == null ? null : repository.stateOf(caseNo);
        if (state == null) {
            throw new DisputeRefused("mediation.refused.missing");
        }
        cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.PERSONAL_DATA_REVEAL);
        documents.write(kind, file, LocalDate.now(clock.withZone(zone)), out);
        CaseAudit.append(dsl, clock.instant(), actor, "PRINT", caseNo, "document " + kind.name());
    }

    /** The desk's list, limited to the account's area subtree (and disputes not yet placed in an area). */
    public List<DisputeRepository.Summary> list(boolean all) {
        return new DisputeRepository(dsl).list(all, cn.zongzhi.auth.Access.scope(actor), 1_000);
    }

    /** Agreements whose window for judicial confirmation is still open today and ends by {@code day}, not yet applied for. */
    public List<String> confirmationsDueBy(LocalDate day) {
        return new DisputeRepository(dsl).confirmationsDueBy(LocalDate.now(clock.withZone(zone)), day);
    }

    /** The parties applied to the court for judicial confirmation today: the reminder is done. */
    public void recordConfirmationApplied(UUID disputeId, long rowVersion) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
        dsl.transaction(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            requireOwn(state);
            cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
            if (!disputes.confirmationApplied(disputeId, rowVersion, LocalDate.now(clock.withZone(zone)), hlc.next())) {
                throw new DisputeRefused(state.rowVersion() == rowVersion
                        ? "mediation.refused.noAgreementToConfirm" : "mediation.refused.stale", state.caseNo());
            }
            CaseAudit.append(configuration.dsl(), clock.instant(), actor, "CONFIRMATION_APPLIED", state.caseNo(),
                    "judicial confirmation applied for");
        });
    }

    /**
     * The parties of a case in full (names, ID numbers, phones, addresses) for a role that needs them; the
     * reveal is written to the audit log, without the values.
     */
    public List<DisputeRepository.PartyRow> revealParties(UUID disputeId) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.PERSONAL_DATA_REVEAL);
        return dsl.transactionResult(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
            CaseAudit.append(configuration.dsl(), clock.instant(), actor, "REVEAL", state.caseNo(), "parties");
            return disputes.caseFile(state.caseNo()).parties();
        });
    }

    /** How a case in the account's scope ended, for the desk to show once it is closed; null while it is open. */
    public DisputeRepository.RecordedOutcome recordedOutcome(UUID disputeId) {
        return new DisputeRepository(dsl).recordedOutcome(disputeId, cn.zongzhi.auth.Access.scope(actor), zone);
    }

    public List<DisputeRepository.Summary> selection(String areaPrefix, Instant from, Instant to, String basis) {
        return new DisputeRepository(dsl).selection(areaPrefix, from, to, basis, cn.zongzhi.auth.Access.scope(actor), 1_000);
    }

    /** The cases a reminder holds today, the most pressing first. */
    public List<DisputeRepository.Summary> list(DisputeRepository.Reminder reminder) {
        return new DisputeRepository(dsl).list(reminder, LocalDate.now(clock.withZone(zone)), zone,
                cn.zongzhi.auth.Access.scope(actor), 1_000);
    }

    /** How many cases each reminder holds today. */
    public java.util.Map<DisputeRepository.Reminder, Integer> reminderCounts() {
        return new DisputeRepository(dsl).reminderCounts(LocalDate.now(clock.withZone(zone)), zone, cn.zongzhi.auth.Access.scope(actor));
    }
}
