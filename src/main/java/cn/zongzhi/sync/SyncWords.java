package cn.zongzhi.sync;

import cn.zongzhi.common.Messages;
import cn.zongzhi.sync.protocol.IncidentFields;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Sync's codes and values in the operator's words: states, what a refused row asked for, a conflict's kind,
 * field and both values. Shared by the status bar and the sync screen; no JavaFX.
 */
public final class SyncWords {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int LONGEST_VALUE = 200;
    /** What the trip of a hello and an ordinary drift explain; beyond it the machine's clock wants setting. */
    public static final java.time.Duration CLOCK_TOLERANCE = java.time.Duration.ofMinutes(3);

    private final Messages messages;
    private final ZoneId zone;

    public SyncWords(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.zone = zone;
    }

    public Messages messages() {
        return messages;
    }

    public ZoneId zone() {
        return zone;
    }

    public String state(SyncState state) {
        return messages.text("sync.state." + state.name());
    }

    /** A moment in office time: the time alone when it is today, else date and time; a dash when never. */
    public String moment(Instant at, LocalDate today) {
        if (at == null) {
            return messages.text("sync.never");
        }
        ZonedDateTime local = at.atZone(zone);
        return (local.toLocalDate().equals(today) ? TODAY : OTHER_DAY).format(local);
    }

    /** What a refused outbox row asked the city to do. */
    public String sent(String mutationKind, String action) {
        if ("TRANSITION".equals(mutationKind) && action != null) {
            return messages.text("sync.sent.TRANSITION", actionName(action));
        }
        return messages.textOrDefault("sync.sent." + mutationKind, mutationKind == null ? "" : mutationKind);
    }

    /**
     * The city's refusal of one record in words. A code without words of its own (a newer server's) is named with
     * a sentence in the operator's language rather than the server's English one; {@code SyncWordsCoverageTest}
     * keeps every code this version's server sends worded.
     */
    public String reason(String code, String serverText) {
        if (code == null || code.isBlank()) {
            return messages.text("sync.reason.unknown", "?");
        }
        String known = worded("sync.reason.", "sync.error.", code);
        return known != null ? known : messages.text("sync.reason.unknown", code);
    }

    /** The last failure as stored ("reason: detail"): the reason in words, never the detail (the server's English). */
    public String error(String lastError) {
        if (lastError == null || lastError.isBlank()) {
            return messages.text("sync.error.none");
        }
        int colon = lastError.indexOf(": ");
        String code = colon > 0 ? lastError.substring(0, colon) : lastError.strip();
        String known = worded("sync.error.", "sync.reason.", code);
        if (known != null) {
            return known;
        }
        if (code.matches("http-\\d{3}")) {
            return messages.text("sync.error.http", code.substring("http-".length()));
        }
        return messages.text("sync.error.unknown", code);
    }

    /**
     * Why the city did not enroll this installation, in words: the enrollment form's own ({@code sync.enroll.reason.}),
     * or for a code without words a sentence naming it, never the server's English.
     */
    public String enrollRefusal(String reason, Object... arguments) {
        String key = "sync.enroll.reason." + reason;
        return reason != null && messages.bundle().containsKey(key) ? messages.text(key, arguments)
                : messages.text("sync.enroll.reason.unknown", reason == null ? "?" : reason);
    }

    /**
     * A code in words: round-level refusals ({@code sync.error.}) and refusals of one record ({@code sync.reason.})
     * share the server's vocabulary (an attachment too large is either), so each looks in its own first, then in
     * the other's.
     */
    private String worded(String first, String second, String code) {
        String known = messages.textOrDefault(first + code, null);
        return known != null ? known : messages.textOrDefault(second + code, null);
    }

    /**
     * A warning when this machine's clock differs from the city's by more than {@link #CLOCK_TOLERANCE} (its steps
     * would be dated wrongly, and the city clamps what lies ahead); empty otherwise or before the first hello.
     */
    public String clockWarning(java.time.Duration cityAhead) {
        if (cityAhead == null || cityAhead.abs().compareTo(CLOCK_TOLERANCE) <= 0) {
            return "";
        }
        return messages.text("sync.clock.warning", Math.round(cityAhead.abs().toSeconds() / 60.0));
    }

    public String conflictKind(String kind) {
        return messages.textOrDefault("sync.conflict.kind." + kind, kind == null ? "" : kind);
    }

    public String field(String wireName) {
        if (wireName == null) {
            return "";
        }
        return messages.textOrDefault("sync.field." + wireName, wireName);
    }

    public String kept(String kept) {
        return messages.textOrDefault("sync.conflict.kept." + kept, kept == null ? "" : kept);
    }

    /** One side of a conflict: a status, a workflow step, a voided flag, an incident's state or a field's value. */
    public String value(JsonNode value) {
        return shortened(describe(value));
    }

    private String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return messages.text("sync.value.empty");
        }
        if (value.isBoolean()) {
            return messages.text(value.asBoolean() ? "sync.value.voided" : "sync.value.notVoided");
        }
        if (value.isTextual()) {
            String text = value.asText();
            return text.matches("[A-Z_]+") ? messages.textOrDefault("incidents.status." + text, text) : text;
        }
        if (value.isNumber()) {
            return value.asText();
        }
        if (value.isObject() && value.hasNonNull("action")) {
            return step(value);
        }
        if (value.isObject() && value.hasNonNull("status")) {
            String status = messages.textOrDefault("incidents.status." + value.get("status").asText(), value.get("status").asText());
            return value.path("voided").asBoolean(false) ? messages.text("sync.value.statusVoided", status) : status;
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            value.fieldNames().forEachRemaining(name -> {
                if (IncidentFields.byWireName(name).isPresent()) {
                    parts.add(messages.text("sync.value.field", field(name), describe(value.get(name))));
                }
            });
            return parts.isEmpty() ? messages.text("sync.value.empty") : String.join(messages.text("sync.value.separator"), parts);
        }
        return value.toString();
    }

    private String step(JsonNode transition) {
        String action = actionName(transition.get("action").asText());
        String from = status(transition.path("from").asText(null));
        String to = status(transition.path("to").asText(null));
        String reason = transition.path("reason").asText(null);
        String step = messages.text("sync.value.step", action, from, to);
        return reason == null || reason.isBlank() ? step : messages.text("sync.value.stepWithNote", step, reason);
    }

    private String status(String code) {
        return code == null ? "?" : messages.textOrDefault("incidents.status." + code, code);
    }

    private String actionName(String code) {
        return messages.textOrDefault("incidents.action." + code, code);
    }

    private static String shortened(String text) {
        return text.length() <= LONGEST_VALUE ? text : text.substring(0, LONGEST_VALUE - 1) + "…";
    }
}
