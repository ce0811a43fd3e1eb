package cn.zongzhi.common;

/** Personal data as shown by default: enough to recognise, not enough to misuse (PIPL). */
public final class Masking {
    private Masking() {
    }

    /** 13800001234 → 138****1234; short or odd values keep only their last two characters. */
    public static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return "";
        }
        String trimmed = phone.trim();
        if (trimmed.length() >= 11) {
            return trimmed.substring(0, 3) + "****" + trimmed.substring(trimmed.length() - 4);
        }
        return "*".repeat(Math.max(0, trimmed.length() - 2)) + trimmed.substring(Math.max(0, trimmed.length() - 2));
    }

    /** 张三丰 → 张**; a single character stays as it is. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        String trimmed = name.trim();
        int first = trimmed.offsetByCodePoints(0, 1);
        return trimmed.substring(0, first) + "*".repeat(trimmed.codePointCount(first, trimmed.length()));
    }

    /** 440111199001011234 → 4401**********1234. */
    public static String idNumber(String number) {
        if (number == null || number.length() < 8) {
            return number == null ? "" : "*".repeat(number.length());
        }
        return number.substring(0, 4) + "*".repeat(number.length() - 8) + number.substring(number.length() - 4);
    }
}
