package cn.zongzhi.incidents;

import cn.zongzhi.common.Messages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The history's notes as the operator reads them. The service stores some in a machine form (channel=…,
 * satisfaction=…, requested_due=…, merged into/from …) that sync carries to the city as it is; only the
 * rendering changes: the user's language, instants in the office's zone.
 */
final class IncidentNotes {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String REQUESTED_DUE = "requested_due=";
    private static final String MERGED_INTO = "merged into ";
    private static final String MERGED_FROM = "merged from ";

    private final Messages messages;
    private final ZoneId zone;

    IncidentNotes(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.zone = zone;
    }

    String readable(String note) {
        if (note == null) {
            return "";
        }
        if (note.startsWith("channel=")) {
            return messages.text("incidents.channel." + note.substring("channel=".length()));
        }
        var corrected = IncidentEvent.correctedFields(note);
        if (corrected.isPresent()) {
            // A correction (更正信息): the fields it changed, by name, in the operator's language.
            return String.join(messages.text("incidents.field.separator"),
                    corrected.get().stream().map(name -> messages.text("incidents.field." + name)).toList());
        }
        if (note.startsWith("satisfaction=")) {
            int end = note.indexOf(';');
            String rating = note.substring("satisfaction=".length(), end < 0 ? note.length() : end);
            return messages.text("incidents.satisfaction." + rating) + (end < 0 ? "" : note.substring(end));
        }
        if (note.startsWith(REQUESTED_DUE)) {
            return requestedDue(note);
        }
        if (note.startsWith(MERGED_INTO)) {
            return messages.text("incidents.note.mergedInto", note.substring(MERGED_INTO.length()));
        }
        if (note.startsWith(MERGED_FROM)) {
            return messages.text("incidents.note.mergedFrom", note.substring(MERGED_FROM.length()));
        }
        return note;
    }

    /** "requested_due=2026-12-10T09:30:00Z; need parts": the date in the office's zone, then the reason if any. */
    private String requestedDue(String note) {
        int end = note.indexOf("; ");
        String at = note.substring(REQUESTED_DUE.length(), end < 0 ? note.length() : end);
        // Written as "; " + note, so a request without a reason ends in "; null".
        String reason = end < 0 ? "" : note.substring(end + 2);
        Instant instant;
        try {
            instant = Instant.parse(at);
        } catch (DateTimeParseException notOurs) {
            return note;
        }
        String date = FULL.format(instant.atZone(zone));
        return reason.isBlank() || reason.equals("null") ? messages.text("incidents.note.requestedDue", date)
                : messages.text("incidents.note.requestedDueBecause", date, reason);
    }

    /** The facts' line for an extension awaiting a decision, in the office's zone; empty when none is pending. */
    String pendingExtension(IncidentDetail detail) {
        return detail.requestedDueAt() == null ? ""
                : "\n" + messages.text("incidents.detail.requestedDue", FULL.format(detail.requestedDueAt().atZone(zone)));
    }
}
