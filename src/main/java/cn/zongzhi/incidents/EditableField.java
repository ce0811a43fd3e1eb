package cn.zongzhi.incidents;

import java.util.Arrays;
import java.util.Optional;

/**
 * The descriptive fields of an incident that may be corrected after intake, outside the closed loop. Each carries
 * the name the sync protocol gives it (the city takes a correction as a PATCH of these names); workflow fields
 * (status, deadline, result…) change only through an action, and the case number, channel and report time never.
 * Values: text for the text fields and codes, a {@code Double} for the coordinates, a {@link RiskLevel} name for
 * the risk; null clears an optional field.
 */
public enum EditableField {
    TITLE("title"),
    DESCRIPTION("description"),
    ADDRESS("address"),
    CATEGORY_CODE("categoryCode"),
    RISK_LEVEL("riskLevel"),
    REPORTER_NAME("reporterName"),
    REPORTER_PHONE("reporterPhone"),
    LONGITUDE("longitude"),
    LATITUDE("latitude"),
    AREA_CODE("areaCode"),
    DEPARTMENT_CODE("departmentCode");

    public final String wireName;

    EditableField(String wireName) {
        this.wireName = wireName;
    }

    public static Optional<EditableField> byWireName(String name) {
        return Arrays.stream(values()).filter(field -> field.wireName.equals(name)).findFirst();
    }
}
