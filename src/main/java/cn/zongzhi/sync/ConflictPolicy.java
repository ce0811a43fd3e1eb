package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.IncidentFields;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which answers an operator may give to a conflict the city recorded (decision 0010). The server has decided
 * every conflict already; accepting its result is always possible. Only a descriptive field written on two
 * sides at once leaves a real choice: send this office's value again, or a merge of both texts, as a new edit.
 * The workflow's conflicts (a status that diverged, a closure the dispatcher must confirm, an edit of a voided
 * incident) are decided by the workflow's rules or by the dispatcher, never by the office that lost.
 */
public final class ConflictPolicy {
    /** What an operator can do about one conflict. */
    public enum Choice { KEEP_CITY, KEEP_MINE, MERGE }

    /**
     * @param choices   what the policy allows
     * @param whyNotKey the bundle key explaining why keeping this office's value is not offered; null when it is
     */
    public record Offer(Set<Choice> choices, String whyNotKey) {
        public boolean allows(Choice choice) {
            return choices.contains(choice);
        }
    }

    private ConflictPolicy() {
    }

    /**
     * @param kind  STATUS, CLOSURE_REQUEST, VOID_EDIT or FIELD (anything else: a newer server's kind)
     * @param field the field's wire name for FIELD conflicts
     * @param kept  SERVER or CLIENT: whose value the city kept
     */
    public static Offer offer(String kind, String field, String kept) {
        String known = kind == null ? "" : kind;
        return switch (known) {
            case "FIELD" -> fieldOffer(field, kept);
            case "STATUS", "CLOSURE_REQUEST", "VOID_EDIT" -> new Offer(EnumSet.of(Choice.KEEP_CITY), "sync.conflict.why." + known);
            default -> new Offer(EnumSet.of(Choice.KEEP_CITY), "sync.conflict.why.OTHER");
        };
    }

    private static Offer fieldOffer(String field, String kept) {
        IncidentFields spec = IncidentFields.byWireName(field).orElse(null);
        if (spec == null || !spec.patchable) {
            return new Offer(EnumSet.of(Choice.KEEP_CITY), "sync.conflict.why.OTHER");
        }
        Set<Choice> choices = EnumSet.of(Choice.KEEP_CITY);
        if (!"CLIENT".equals(kept)) {
            choices.add(Choice.KEEP_MINE);
        }
        if (spec.type == IncidentFields.Type.TEXT) {
            // Two texts can be joined into one; a number, a place or a risk level cannot.
            choices.add(Choice.MERGE);
        }
        return new Offer(choices, null);
    }
}
