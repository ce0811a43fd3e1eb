package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of an incident as they travel (camelCase names) and as both the server and the console keep them
 * (the same column names on both sides), with the checks a value must pass. Three kinds: descriptive fields,
 * which offices may patch and which merge field by field; fields set once at creation; and the workflow's
 * record (when it was accepted, dispatched, due, resolved, closed, with what rating and result), which is sent
 * whole at creation and afterwards changes only through a transition. Status and the workflow counters travel
 * beside these, since the state machine owns them.
 */
public enum IncidentFields {
    CASE_NO("caseNo", "case_no", Type.TEXT, 40, false, false),
    AREA_CODE("areaCode", "area_code", Type.AREA, 12, true, true),
    TITLE("title", "title", Type.TEXT, 300, true, true),
    DESCRIPTION("description", "description", Type.TEXT, 20_000, false, true),
    ADDRESS("address", "address", Type.TEXT, 500, false, true),
    LONGITUDE("longitude", "longitude", Type.NUMBER, 0, false, true),
    LATITUDE("latitude", "latitude", Type.NUMBER, 0, false, true),
    CATEGORY_CODE("categoryCode", "category_code", Type.TEXT, 16, false, true),
    RISK_LEVEL("riskLevel", "risk_level", Type.RISK, 8, false, true),
    REPORTER_NAME("reporterName", "reporter_name", Type.TEXT, 100, false, true),
    REPORTER_PHONE("reporterPhone", "reporter_phone", Type.TEXT, 32, false, true),
    DEPARTMENT_CODE("departmentCode", "department_code", Type.TEXT, 32, false, true),
    REPORTED_AT("reportedAt", "reported_at", Type.INSTANT, 0, false, false),
    CHANNEL("channel", "channel", Type.TEXT, 24, false, false),
    ACCEPTED_AT("acceptedAt", "accepted_at", Type.INSTANT, 0, false, false, true),
    DISPATCHED_AT("dispatchedAt", "dispatched_at", Type.INSTANT, 0, false, false, true),
    DUE_AT("dueAt", "due_at", Type.INSTANT, 0, false, false, true),
    REQUESTED_DUE_AT("requestedDueAt", "requested_due_at", Type.INSTANT, 0, false, false, true),
    RESOLVED_AT("resolvedAt", "resolved_at", Type.INSTANT, 0, false, false, true),
    CLOSED_AT("closedAt", "closed_at", Type.INSTANT, 0, false, false, true),
    SATISFACTION("satisfaction", "satisfaction", Type.TEXT, 24, false, false, true),
    RESULT_NOTE("resultNote", "result_note", Type.TEXT, 2000, false, false, true);

    public enum Type { TEXT, NUMBER, INSTANT, AREA, RISK }

    private static final Pattern AREA = Pattern.compile("\\d{12}");
    private static final List<String> RISKS = List.of("RED", "ORANGE", "YELLOW");

    public final String wireName;
    public final String column;
    public final Type type;
    public final int maxLength;
    public final boolean required;
    public final boolean patchable;
    /** Changed by transitions only (after creation). */
    public final boolean workflow;

    IncidentFields(String wireName, String column, Type type, int maxLength, boolean required, boolean patchable) {
        this(wireName, column, type, maxLength, required, patchable, false);
    }

    IncidentFields(String wireName, String column, Type type, int maxLength, boolean required, boolean patchable,
                   boolean workflow) {
        this.wireName = wireName;
        this.column = column;
        this.type = type;
        this.maxLength = maxLength;
        this.required = required;
        this.patchable = patchable;
        this.workflow = workflow;
    }

    public static Optional<IncidentFields> byWireName(String name) {
        for (IncidentFields field : values()) {
            if (field.wireName.equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** Null when the value is acceptable, otherwise why not. JSON null clears an optional field. */
    public String problem(JsonNode value) {
        if (value == null || value.isNull()) {
            return required ? wireName + " is required" : null;
        }
        return switch (type) {
            case TEXT -> !value.isTextual() ? wireName + " must be text"
                    : value.asText().length() > maxLength ? wireName + " is longer than " + maxLength + " characters"
                    : required && value.asText().isBlank() ? wireName + " is required" : null;
            case NUMBER -> value.isNumber() && Double.isFinite(value.asDouble()) ? null : wireName + " must be a number";
            case AREA -> value.isTextual() && AREA.matcher(value.asText()).matches() ? null
                    : wireName + " must be a 12-digit statistical area code";
            case RISK -> value.isTextual() && RISKS.contains(value.asText()) ? null : wireName + " must be RED, ORANGE or YELLOW";
            case INSTANT -> {
                try {
                    parseInstant(value.asText());
                    yield value.isTextual() ? null : wireName + " must be an ISO instant";
                } catch (DateTimeParseException e) {
                    yield wireName + " must be an ISO instant";
                }
            }
        };
    }

    /**
     * {@link Instant#parse}, with a short way for the form every console sends ({@code 2026-11-23T01:00:00Z}, with or
     * without a fraction of up to nine digits). A first sync checks and converts six moments of each of 100,000
     * incidents, and the formatter behind {@code Instant.parse} took an eighth of the server's time. Anything else —
     * an offset, a leap second, 24:00, a date that does not exist — goes to {@code Instant.parse}, which accepts or
     * refuses it as before.
     */
    public static Instant parseInstant(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(length - 1) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && (length == 20 || text.charAt(19) == '.' && length > 21)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = 0;
            if (length > 20) {
                int fraction = digits(text, 20, length - 1);
                nanos = fraction < 0 ? -1 : fraction * (int) Math.pow(10, 9 - (length - 21));
            }
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0) {
                try {
                    return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
                } catch (java.time.DateTimeException notAPlainMoment) {
                    // Left to Instant.parse below: it knows 24:00 and leap seconds, and refuses the rest in its words.
                }
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in text[from, to), or -1 when a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    /** The column value for a checked JSON value. */
    public Object toColumn(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case NUMBER -> value.asDouble();
            case INSTANT -> OffsetDateTime.ofInstant(parseInstant(value.asText()), ZoneOffset.UTC);
            default -> value.asText();
        };
    }

    public Class<?> columnType() {
        return switch (type) {
            case NUMBER -> Double.class;
            case INSTANT -> OffsetDateTime.class;
            default -> String.class;
        };
    }

    /** The JSON value for a column value as read. */
    public JsonNode fromColumn(Object value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return switch (type) {
            case NUMBER -> DoubleNode.valueOf(((Number) value).doubleValue());
            case INSTANT -> TextNode.valueOf(((OffsetDateTime) value).toInstant().toString());
            default -> TextNode.valueOf(value.toString());
        };
    }
}
