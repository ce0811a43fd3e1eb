package cn.zongzhi.incidents;

import java.util.regex.Pattern;

/**
 * A caller's phone as the repeat-caller and same-caller look-ups compare it: its digits, with a leading + kept for
 * an international number. "180 5139 5441", "180-5139-5441" and "(180)51395441" are one caller. The database keeps
 * the same key beside every stored phone (V030); the two must stay the same rule.
 */
final class CallerPhone {
    /** What a phone may be written with besides its digits; anything else (an extension in words) is kept as typed. */
    private static final Pattern PLAIN = Pattern.compile("\\+?[0-9 ()\\-.]+");

    private CallerPhone() {
    }

    /** The look-up key: digits, a leading + kept; null for no phone. */
    static String key(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String trimmed = phone.trim();
        return (trimmed.startsWith("+") ? "+" : "") + trimmed.replaceAll("[^0-9]", "");
    }

    /** The phone as stored at intake: the key when it was written with spaces, dashes or brackets, else as typed. */
    static String stored(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String trimmed = phone.trim();
        return PLAIN.matcher(trimmed).matches() ? key(trimmed) : trimmed;
    }
}
