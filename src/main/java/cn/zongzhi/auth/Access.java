package cn.zongzhi.auth;

/** The checks every service makes before it changes or reveals anything. */
public final class Access {
    private Access() {
    }

    /** Refuses unless the operator's role has the permission. */
    public static void require(Operator operator, Permission permission) {
        if (operator == null) {
            throw new AccessDenied(AccessDenied.Reason.NOT_SIGNED_IN, permission);
        }
        if (!operator.role().allows(permission)) {
            throw new AccessDenied(AccessDenied.Reason.ROLE, permission);
        }
    }

    /**
     * Refuses unless the record's area lies in the operator's area subtree (area codes nest by prefix: a
     * street 440111004 lies in district 440111). An operator without an area (the city) sees everything; a
     * record without an area (not located yet) belongs to whoever may act on it.
     */
    public static void requireArea(Operator operator, String recordArea, Permission permission) {
        if (!covers(operator, recordArea)) {
            throw new AccessDenied(AccessDenied.Reason.AREA, permission);
        }
    }

    public static boolean covers(Operator operator, String recordArea) {
        String scope = scope(operator);
        return scope == null || recordArea == null || recordArea.trim().startsWith(scope);
    }

    /** The area-code prefix the operator's lists are limited to; null for no limit. */
    public static String scope(Operator operator) {
        if (operator == null || operator.areaCode() == null || operator.areaCode().isBlank()) {
            return null;
        }
        return significantPrefix(operator.areaCode().trim());
    }

    /**
     * The digits that name an area, its level's zeros cut off by the code's structure (2 province, 2 city,
     * 2 county, 3 town, 3 village): 440111000000 is the district 440111, 440111100000 the town 440111100.
     */
    public static String significantPrefix(String code) {
        String prefix = code;
        if (prefix.length() == 12 && prefix.endsWith("000")) {
            prefix = prefix.substring(0, 9);
        }
        if (prefix.length() == 9 && prefix.endsWith("000")) {
            prefix = prefix.substring(0, 6);
        }
        if (prefix.length() == 6 && prefix.endsWith("00")) {
            prefix = prefix.substring(0, 4);
        }
        if (prefix.length() == 4 && prefix.endsWith("00")) {
            prefix = prefix.substring(0, 2);
        }
        return prefix;
    }
}
