package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.MutationKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the sync screen lists and the answers an operator gives: refusals to acknowledge, conflicts whose
 * result to accept (or, where {@link ConflictPolicy} allows, to answer with this office's value or a merge),
 * and the dispatcher's tasks. Synchronous; the view model runs it off the FX thread.
 */
public final class SyncReviewService {
    /** Rows shown per list; the counts above the lists tell how many there are in all. */
    public static final int LIMIT = 500;

    private final DSLContext dsl;
    private final FieldEdits fieldEdits;
    private final TaskAnswers taskAnswers;

    /** @param fieldEdits how a field is written again for "keep mine" and "merge"; null while the console has none */
    public SyncReviewService(DSLContext dsl, FieldEdits fieldEdits) {
        this(dsl, fieldEdits, null);
    }

    /** @param taskAnswers how the dispatcher's answer to a task is sent; null where tasks can only be read */
    public SyncReviewService(DSLContext dsl, FieldEdits fieldEdits, TaskAnswers taskAnswers) {
        this.dsl = dsl;
        this.fieldEdits = fieldEdits;
        this.taskAnswers = taskAnswers;
    }

    /**
     * 同意办结 / 继续办理 on a task for this office: sent to the city with the next round; the task leaves the list
     * here at once and is closed on every console when the city has decided.
     */
    public void answerTask(Task task, TaskAnswers.Decision decision) {
        if (taskAnswers == null || !task.forThisOffice()) {
            throw new IllegalStateException("task " + task.id() + " is not this office's to answer");
        }
        taskAnswers.answer(task.id(), decision);
    }

    public boolean canAnswerTasks() {
        return taskAnswers != null;
    }

    /** A conflict as the city recorded it, with what this console may do about it. */
    public record Conflict(String id, UUID incidentId, String caseNo, String kind, String field, JsonNode cityValue,
                           JsonNode officeValue, String kept, String officeCode, boolean fromThisOffice,
                           ConflictPolicy.Offer offer) {
    }

    /** A question for a dispatcher (recall or continue?), as the city sent it. */
    public record Task(String id, UUID incidentId, String caseNo, String kind, String assigneeOffice, String requestedBy,
                       String body, boolean forThisOffice) {
    }

    /** @param fetchesGivenUp photos and documents the city described and then would not hand over */
    public record Review(List<SyncClientRepository.Refusal> refusals, List<Conflict> conflicts, List<Task> tasks,
                         List<AttachmentSyncRepository.GivenUp> fetchesGivenUp) {
    }

    /** True when "keep mine" and "merge" can be carried out (a field can be written again as a new edit). */
    public boolean canEditFields() {
        return fieldEdits != null;
    }

    /** True when the signed-in account may write them: offered only where the incident service would not refuse. */
    public boolean mayEditFields() {
        return fieldEdits != null && fieldEdits.allowed();
    }

    public Review review() {
        SyncClientRepository repository = new SyncClientRepository(dsl);
        String office = new SyncCredentialRepository(dsl).find().map(SyncCredentialRepository.Credential::officeCode).orElse(null);
        List<Conflict> conflicts = repository.recordsToReview(EntityKind.CONFLICT, LIMIT).stream().map(record -> {
            var data = record.data();
            String kind = data.path("kind").asText(null);
            String field = data.path("field").asText(null);
            String kept = data.path("kept").asText(null);
            String from = data.path("officeCode").asText(null);
            return new Conflict(record.id(), record.incidentId(), record.caseNo(), kind, field, data.get("serverValue"),
                    data.get("clientValue"), kept, from, from != null && from.equals(office),
                    ConflictPolicy.offer(kind, field, kept));
        }).toList();
        List<Task> tasks = repository.recordsToReview(EntityKind.TASK, LIMIT).stream().map(record -> {
            var data = record.data();
            String assignee = text(data, "assigneeOffice", "assignee_office");
            return new Task(record.id(), record.incidentId(), record.caseNo(), data.path("kind").asText(null), assignee,
                    text(data, "requestedBy", "requested_by"), data.path("body").asText(""),
                    assignee != null && assignee.equals(office));
        }).toList();
        // A refused answer to a task is an outbox row of the TASK: its case is the incident the task is about.
        List<SyncClientRepository.Refusal> refusals = repository.refusals(LIMIT).stream()
                .map(refusal -> refusal.caseNo() != null || !MutationKind.RESOLVE.name().equals(refusal.kind()) ? refusal
                        : new SyncClientRepository.Refusal(refusal.clientSequence(), refusal.mutationId(), refusal.incidentId(),
                        repository.caseNoOfRecord(EntityKind.TASK, refusal.incidentId()).orElse(null), refusal.kind(),
                        refusal.action(), refusal.reasonCode(), refusal.reasonText(), refusal.answeredAt(),
                        refusal.resubmittable()))
                .toList();
        return new Review(refusals, conflicts, tasks, fetchesGivenUp());
    }

    /**
     * 知道了. A refused creation of an incident that still stands refused is not marked seen (false): the city has
     * no such incident, and the refusal stays listed until the incident is resubmitted or voided.
     */
    public boolean acknowledgeRefusal(UUID mutationId) {
        return new SyncClientRepository(dsl).acknowledge(mutationId);
    }

    /**
     * 重新报送: an incident the city refused to create (市级未接收) goes again, as it is now, with the next round.
     *
     * @return false if it no longer stands refused
     */
    public boolean resubmit(UUID incidentId) {
        return dsl.transactionResult(tx -> new SyncClientRepository(tx.dsl()).resubmit(incidentId));
    }

    /**
     * Photos and documents the city described and then refused to hand over for good (no such file, not this
     * office's to see): never fetched, and listed here rather than dropped silently. Passing failures are not among
     * them; those are fetched again on a later round.
     */
    public List<AttachmentSyncRepository.GivenUp> fetchesGivenUp() {
        return new AttachmentSyncRepository(dsl).givenUp(LIMIT);
    }

    /** 采用市级结果: the city's decision stands; the conflict is marked seen on this console. */
    public void acceptCityResult(String conflictId) {
        new SyncClientRepository(dsl).acknowledgeRecord(EntityKind.CONFLICT, conflictId);
    }

    /** 保留本地: this office's value is written again as a new edit, which the city applies over its current version. */
    public void keepMine(Conflict conflict) {
        answer(conflict, ConflictPolicy.Choice.KEEP_MINE, conflict.officeValue());
    }

    /** 合并: a text the operator joined from both values is written as a new edit. */
    public void merge(Conflict conflict, String merged) {
        answer(conflict, ConflictPolicy.Choice.MERGE, TextNode.valueOf(merged));
    }

    private void answer(Conflict conflict, ConflictPolicy.Choice choice, JsonNode value) {
        if (!conflict.offer().allows(choice) || !conflict.fromThisOffice() || fieldEdits == null) {
            throw new IllegalStateException(choice + " is not offered for a " + conflict.kind() + " conflict");
        }
        fieldEdits.write(conflict.incidentId(), conflict.field(), value);
        new SyncClientRepository(dsl).acknowledgeRecord(EntityKind.CONFLICT, conflict.id());
    }

    private static String text(JsonNode data, String name, String otherName) {
        return Optional.ofNullable(data.get(name)).or(() -> Optional.ofNullable(data.get(otherName)))
                .filter(node -> !node.isNull()).map(JsonNode::asText).orElse(null);
    }
}
