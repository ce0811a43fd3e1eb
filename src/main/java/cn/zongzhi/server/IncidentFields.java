package cn.zongzhi.server;

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
 * The descriptive fields of an incident as they travel (camelCase names) and as the server keeps them (columns),
 * with the checks a value must pass. Status and the workflow counters are not here: they change by transition.
 */
enum IncidentFields {
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
    REPORTED_AT("reportedAt", "reported_at", Type.INSTANT, 0, false, false);

    enum Type { TEXT, NUMBER, INSTANT, AREA, RISK }

    private static final Pattern AREA = Pattern.compile("\\d{12}");
    private static final List<String> RISKS = List.of("RED", "ORANGE", "YELLOW");

    final String wireName;
    final String column;
    final Type type;
    final int maxLength;
    final boolean required;
    final boolean patchable;

    IncidentFields(String wireName, String column, Type type, int maxLength, boolean required, boolean patchable) {
        this.wireName = wireName;
        this.column = column;
        this.type = type;
        this.maxLength = maxLength;
        this.required = required;
        this.patchable = patchable;
    }

    static Optional<IncidentFields> byWireName(String name) {
        for (IncidentFields field : values()) {
            if (field.wireName.equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** Null when the value is acceptable, otherwise why not. JSON null clears an optional field. */
    String problem(JsonNode value) {
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
                    Instant.parse(value.asText());
                    yield value.isTextual() ? null : wireName + " must be an ISO instant";
                } catch (DateTimeParseException e) {
                    yield wireName + " must be an ISO instant";
                }
            }
        };
    }

    /** The column value for a checked JSON value. */
    Object toColumn(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case NUMBER -> value.asDouble();
            case INSTANT -> OffsetDateTime.ofInstant(Instant.parse(value.asText()), ZoneOffset.UTC);
            default -> value.asText();
        };
    }

    Class<?> columnType() {
        return switch (type) {
            case NUMBER -> Double.class;
            case INSTANT -> OffsetDateTime.class;
            default -> String.class;
        };
    }

    /** The JSON value for a column value as read. */
    JsonNode fromColumn(Object value) {
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
