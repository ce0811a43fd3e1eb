package cn.zongzhi.calendar;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A time limit such as 3 working days ({@code 3wd}), 5 working hours ({@code 5wh}) or 7 natural days ({@code 7d}). */
public record TimeLimit(int amount, TimeLimitUnit unit) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,4})\\s*(wd|wh|d)");
    private static final int MAX_AMOUNT = 3650;

    public TimeLimit {
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("a time limit must be between 1 and " + MAX_AMOUNT + ", not " + amount);
        }
    }

    public static TimeLimit parse(String text) {
        Matcher matcher = TEXT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time limit; write e.g. 3wd (working days), "
                    + "5wh (working hours) or 7d (natural days)");
        }
        int amount = Integer.parseInt(matcher.group(1));
        TimeLimitUnit unit = switch (matcher.group(2)) {
            case "wd" -> TimeLimitUnit.WORKING_DAYS;
            case "wh" -> TimeLimitUnit.WORKING_HOURS;
            default -> TimeLimitUnit.NATURAL_DAYS;
        };
        return new TimeLimit(amount, unit);
    }
}
