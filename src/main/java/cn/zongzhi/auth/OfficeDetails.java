package cn.zongzhi.auth;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The office an installation serves, as its administrator confirms it at first start: the code it is known by,
 * its name, its level and the area it covers (a division code, 12 digits). Enrolling with the city later names the
 * office by the city's code; records written before then keep this one (decision 0017's "written here" rule). The
 * case prefix begins this office's case numbers (2 to 4 capital letters, such as JT for 景泰).
 */
public record OfficeDetails(String code, String name, String level, String areaCode, String casePrefix) {
    public static final Set<String> LEVELS = Set.of("CITY", "DISTRICT", "TOWN", "COMMUNITY");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,31}");
    private static final Pattern AREA = Pattern.compile("\\d{6}|\\d{9}|\\d{12}");
    private static final Pattern PREFIX = Pattern.compile("[A-Z]{2,4}");

    /** The details as typed, trimmed and the area padded to 12 digits; the message key of the first mistake, if any. */
    static Checked check(String code, String name, String level, String areaCode, String casePrefix) {
        String theCode = code == null ? "" : code.strip();
        String theName = name == null ? "" : name.strip();
        String theArea = areaCode == null ? "" : areaCode.strip();
        if (!CODE.matcher(theCode).matches()) {
            return new Checked(null, "auth.setup.office.check.code");
        }
        if (theName.isEmpty() || theName.length() > 200) {
            return new Checked(null, "auth.setup.office.check.name");
        }
        if (level == null || !LEVELS.contains(level)) {
            return new Checked(null, "auth.setup.office.check.level");
        }
        if (!AREA.matcher(theArea).matches()) {
            return new Checked(null, "auth.setup.office.check.area");
        }
        String thePrefix = casePrefix == null ? "" : casePrefix.strip().toUpperCase(java.util.Locale.ROOT);
        if (!PREFIX.matcher(thePrefix).matches()) {
            return new Checked(null, "auth.setup.office.check.prefix");
        }
        return new Checked(new OfficeDetails(theCode, theName, level, (theArea + "000000").substring(0, 12), thePrefix), null);
    }

    /** Either details or the key of what is wrong with them. */
    record Checked(OfficeDetails details, String mistake) {
    }
}
