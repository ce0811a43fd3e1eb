package cn.zongzhi.server;

import java.util.List;

/**
 * An office's reach: the statistical area codes whose subtrees it may change, and its level. Codes may be given
 * short (9 digits: a town) or padded to 12 with zeros (as the consoles store them); both name the same subtree.
 */
record Jurisdiction(String officeCode, String level, List<String> areas) {
    static final String CITY = "CITY";

    Jurisdiction {
        areas = areas.stream().map(Jurisdiction::significantPrefix).distinct().toList();
    }

    /** The city-level office owns dispatch across towns (sync-design.md: "the city owns dispatch"). */
    boolean isCity() {
        return CITY.equals(level);
    }

    boolean covers(String areaCode) {
        return areaCode != null && areas.stream().anyMatch(areaCode::startsWith);
    }

    /**
     * The prefix that selects an area's subtree: trailing zero groups of the 2-2-2-3-3 statistical code dropped,
     * so "440111004000" and "440111004" both select town 440111004's villages.
     */
    static String significantPrefix(String area) {
        String code = area;
        while (true) {
            int cut = switch (code.length()) {
                case 12 -> 9;
                case 9 -> 6;
                case 6 -> 4;
                case 4 -> 2;
                default -> -1;
            };
            if (cut < 0 || !code.substring(cut).chars().allMatch(c -> c == '0')) {
                return code;
            }
            code = code.substring(0, cut);
        }
    }
}
