package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.OutcomeKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Proposals to a mediation case (decision 0017: "others' writes become proposals"). An office that sees a case but
 * does not own it — the city, overseeing a township's mediation — proposes a correction of one descriptive field
 * with its reason; the server keeps it beside the case and puts it in the feed of the case's place, so the owner
 * pulls it. Only the owner answers (adopted or declined, a decline with its reason), and the answer is pulled by
 * both. The case itself changes only through its owner's next snapshot: adopting is the owner's own edit. The first
 * answer stands, except that an adoption overrules a decline another seat of the owner sent just before it: the
 * adopting seat has changed the case already, and the proposal must not say "declined" of a value the case carries.
 *
 * <p>What may be proposed is what no agreement binds: the kind of dispute, its summary, the amount in dispute
 * and the risk level. Every refusal comes before the first write.
 */
final class CaseProposalSteps {
    /** The case's fields another office may propose a value for, by their wire names. */
    static final Set<String> FIELDS = Set.of("disputeType", "summary", "amount", "riskLevel");
    static final int MAX_REASON = 500;
    static final int MAX_SUMMARY = 4000;
    static final String PENDING = "PENDING";
    static final String ADOPTED = "ADOPTED";
    static final String DECLINED = "DECLINED";

    private static final Pattern TYPE_CODE = Pattern.compile("[A-Z][A-Z_]{1,23}");
    private static final Set<String> RISKS = Set.of("RED", "ORANGE", "YELLOW");

    private final SyncRepository repository;
    private final SyncService.Caller caller;
    private final Mutation mutation;
    private final Instant now;

    CaseProposalSteps(SyncRepository repository, SyncService.Caller caller, Mutation mutation, Instant now) {
        this.repository = repository;
        this.caller = caller;
        this.mutation = mutation;
        this.now = now;
    }

    SyncService.Applied apply() {
        return mutation.kind() == MutationKind.CREATE ? propose() : answer();
    }

    private SyncService.Applied propose() {
        ObjectNode payload = payload();
        String id = mutation.entityId().toString();
        String caseId = uuidText(payload.path("caseId"));
        CaseRepository cases = new CaseRepository(repository.dsl());
        if (cases.proposalForUpdate(id).isPresent()) {
            throw new SyncService.Rejected("proposal-id-taken", "a proposal with this id was made already");
        }
        // Locked: the value the proposal reads as current is the case's until this push commits.
        CaseRepository.StoredCase held = cases.caseForUpdate(caseId).orElseThrow(() -> new SyncService.Rejected(
                "unknown-case", "the city holds no mediation case with this id"));
        if (held.ownerOffice().equals(caller.officeCode())) {
            throw new SyncService.Rejected("own-case", "office " + held.ownerOffice() + " owns case " + held.caseNo()
                    + " and changes it itself; a proposal is for another office's case");
        }
        if (!caller.jurisdiction().covers(held.areaCode())) {
            throw new SyncService.Rejected("outside-jurisdiction", "case " + held.caseNo() + " lies outside the jurisdiction"
                    + " of office " + caller.officeCode());
        }
        String field = payload.path("field").asText("");
        if (!FIELDS.contains(field)) {
            throw new SyncService.Rejected("proposal-field", "a proposal changes one of " + String.join(", ", FIELDS.stream()
                    .sorted().toList()) + "; what an agreement binds is not proposed");
        }
        String value = value(field, payload.path("value"));
        String reason = reason(payload.path("reason"), true);
        String current = current(field, SyncService.readObject(held.data()).path(field));
        if (Objects.equals(value, current)) {
            throw new SyncService.Rejected("proposal-no-change", field + " of case " + held.caseNo() + " is already that value");
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id).put("caseId", caseId)
                .put("caseNo", held.caseNo()).put("ownerOffice", held.ownerOffice()).put("proposerOffice", caller.officeCode())
                .put("proposerName", mutation.actor() == null ? null : mutation.actor().operatorName())
                .put("field", field).put("value", value).put("currentValue", current).put("reason", reason)
                .put("proposedAt", moment(payload.path("at")).toString()).put("status", PENDING);
        cases.insertProposal(new CaseRepository.StoredProposal(id, caseId, held.ownerOffice(), caller.officeCode(),
                held.areaCode(), PENDING, 1, data.toString()), now);
        repository.appendChange(EntityKind.PROPOSAL, id, 1, held.areaCode(), mutation.mutationId(), data, now);
        return new SyncService.Applied(OutcomeKind.APPLIED, null, null, 1L);
    }

    private SyncService.Applied answer() {
        ObjectNode payload = payload();
        String id = mutation.entityId().toString();
        CaseRepository cases = new CaseRepository(repository.dsl());
        CaseRepository.StoredProposal held = cases.proposalForUpdate(id).orElseThrow(() -> new SyncService.Rejected(
                "unknown-proposal", "the city holds no proposal with this id"));
        if (!held.ownerOffice().equals(caller.officeCode())) {
            throw new SyncService.Rejected("not-owner", "this proposal is for office " + held.ownerOffice()
                    + ", which owns the case, to answer");
        }
        String decision = payload.path("decision").asText("");
        if (!ADOPTED.equals(decision) && !DECLINED.equals(decision)) {
            throw new SyncService.Rejected("bad-decision", "a proposal is answered ADOPTED or DECLINED");
        }
        String note = reason(payload.path("note"), DECLINED.equals(decision));
        ObjectNode data = SyncService.readObject(held.data());
        if (ADOPTED.equals(decision) && DECLINED.equals(held.status())) {
            // Two seats of the owner answered at once, and the decline arrived first. The adopting seat has already
            // corrected the case as its own edit, and that snapshot reaches everyone: the adoption stands, so that
            // the proposal says what the case shows, and the overruled decline is kept beside it for both seats.
            data.set("overruledDecline", JsonNodeFactory.instance.objectNode().put("decidedBy", data.path("decidedBy").asText(null))
                    .put("decidedAt", data.path("decidedAt").asText(null)).put("decisionNote", data.path("decisionNote").asText(null)));
        } else if (!PENDING.equals(held.status())) {
            // Another seat of the owner answered first: its answer stands and comes back in the pull.
            return new SyncService.Applied(OutcomeKind.APPLIED, "already-decided", "the proposal was answered already: "
                    + held.status(), held.version());
        }
        data.put("status", decision).put("decidedBy", mutation.actor() == null ? null : mutation.actor().operatorName())
                .put("decidedAt", moment(payload.path("at")).toString()).put("decisionNote", note);
        long version = held.version() + 1;
        cases.answerProposal(id, decision, version, data.toString(), now);
        repository.appendChange(EntityKind.PROPOSAL, id, version, held.areaCode(), mutation.mutationId(), data, now);
        return new SyncService.Applied(OutcomeKind.APPLIED, null, null, version);
    }

    /** The proposed value in the one spelling both sides compare: a code, the trimmed text, or a plain amount. */
    private static String value(String field, JsonNode node) {
        String text = node == null || node.isNull() || node.isMissingNode() ? null : node.asText().strip();
        switch (field) {
            case "disputeType" -> {
                if (text == null || !TYPE_CODE.matcher(text).matches()) {
                    throw new SyncService.Rejected("proposal-value", "a kind of dispute is a code such as NEIGHBOUR");
                }
                return text;
            }
            case "riskLevel" -> {
                if (!RISKS.contains(text)) {
                    throw new SyncService.Rejected("proposal-value", "a risk level is RED, ORANGE or YELLOW");
                }
                return text;
            }
            case "summary" -> {
                if (text == null || text.isEmpty() || text.length() > MAX_SUMMARY) {
                    throw new SyncService.Rejected("proposal-value", "a summary is 1 to " + MAX_SUMMARY + " characters");
                }
                return text;
            }
            default -> {
                if (text == null || text.isEmpty()) {
                    return null;
                }
                try {
                    BigDecimal amount = new BigDecimal(text);
                    if (amount.signum() < 0 || amount.scale() > 2 || amount.precision() - amount.scale() > 12) {
                        throw new SyncService.Rejected("proposal-value", "an amount is at least 0, in yuan with at most two decimals");
                    }
                    return amount.setScale(2).toPlainString();
                } catch (NumberFormatException e) {
                    throw new SyncService.Rejected("proposal-value", "an amount is a number of yuan");
                }
            }
        }
    }

    /** The case's value of the field as the proposal would compare it; a value the owner sent is never refused here. */
    private static String current(String field, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if ("amount".equals(field)) {
            try {
                return new BigDecimal(node.asText()).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
            } catch (NumberFormatException e) {
                return node.asText();
            }
        }
        return node.asText().strip();
    }

    private static String reason(JsonNode node, boolean required) {
        String text = node == null || node.isNull() || node.isMissingNode() ? "" : node.asText().strip();
        if (required && text.isEmpty()) {
            throw new SyncService.Rejected("proposal-reason", "a proposal, and the decline of one, says why");
        }
        if (text.length() > MAX_REASON) {
            throw new SyncService.Rejected("proposal-reason", "a reason is at most " + MAX_REASON + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    /** When the office says it acted, never later than the server's now. */
    private Instant moment(JsonNode at) {
        try {
            Instant said = at.isTextual() ? Instant.parse(at.asText()) : now;
            return said.isAfter(now) ? now : said;
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    private static String uuidText(JsonNode node) {
        try {
            return UUID.fromString(node.asText("")).toString();
        } catch (IllegalArgumentException e) {
            throw new SyncService.Rejected("bad-proposal", "a proposal names its case by the case's id");
        }
    }

    private ObjectNode payload() {
        return mutation.payload() == null ? JsonNodeFactory.instance.objectNode() : mutation.payload();
    }
}
