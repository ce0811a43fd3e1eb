package cn.zongzhi.reports;

import cn.zongzhi.common.Messages;

/**
 * The figures a governance centre reports, in the order they are shown. Each has a stable name (the JSON key and
 * the message keys {@code kpi.<name>.label} and {@code kpi.<name>.formula}) and a unit.
 */
public enum Kpi {
    ACCEPTED("accepted", Unit.COUNT),
    OPEN("open", Unit.COUNT),
    OVERDUE("overdue", Unit.COUNT),
    CLOSURE_RATE("closureRate", Unit.RATE),
    ON_TIME_RATE("onTimeRate", Unit.RATE),
    HANDLING_HOURS("handlingHours", Unit.WORKING_HOURS),
    SATISFACTION_RATE("satisfactionRate", Unit.RATE),
    REWORK_RATE("reworkRate", Unit.RATE),
    GRID_SHARE("gridShare", Unit.RATE),
    COMMUNITY_SHARE("communityShare", Unit.RATE),
    STREET_SHARE("streetShare", Unit.RATE),
    DISTRICT_SHARE("districtShare", Unit.RATE),
    DISPUTES_ACCEPTED("disputesAccepted", Unit.COUNT),
    MEDIATION_SUCCESS_RATE("mediationSuccessRate", Unit.RATE),
    AGREED_AMOUNT("agreedAmount", Unit.YUAN),
    REFERRED_TO_COURT("referredToCourt", Unit.COUNT);

    /** What the value counts: rates are fractions (0.9875), hours are working hours, amounts are yuan. */
    public enum Unit { COUNT, RATE, WORKING_HOURS, YUAN }

    private static final String KEY_PREFIX = "kpi.";

    private final String key;
    private final Unit unit;

    Kpi(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The stable name: JSON key and message key part. */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    public boolean aboutDisputes() {
        return ordinal() >= DISPUTES_ACCEPTED.ordinal();
    }

    public String label(Messages messages) {
        return messages.text(KEY_PREFIX + key + ".label");
    }

    public String formula(Messages messages) {
        return messages.text(KEY_PREFIX + key + ".formula");
    }

    public static Kpi byKey(String key) {
        for (Kpi kpi : values()) {
            if (kpi.key.equals(key)) {
                return kpi;
            }
        }
        throw new IllegalArgumentException("no figure named " + key);
    }
}
