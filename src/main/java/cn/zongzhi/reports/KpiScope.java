package cn.zongzhi.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What a set of figures is about: the days {@code from} to {@code to} (both included) on the office's calendar,
 * an area subtree, and the moment the figures are read.
 *
 * @param areaCodePrefix statistical code prefix of the area subtree ("440111004" for a street), null for everything
 * @param now            the moment of reading; states at the end of a window that has not ended yet are read now
 */
public record KpiScope(LocalDate from, LocalDate to, String areaCodePrefix, ZoneId zone, Instant now) {
    public KpiScope {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        }
        areaCodePrefix = normalise(areaCodePrefix);
    }

    /** The window's first instant: midnight starting {@code from}, office time. */
    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The instant after the window: midnight ending {@code to}, office time. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** When states are read (open, closed): the end of the window, or now if it has not come yet. */
    public Instant asOf() {
        return end().isBefore(now) ? end() : now;
    }

    /**
     * A code as typed (2 to 12 digits, padded or not) as the prefix it stands for: the twelve-digit code of a
     * street, 440111004000, selects what lies under 440111004.
     */
    static String normalise(String areaCode) {
        if (areaCode == null || areaCode.isBlank()) {
            return null;
        }
        String code = areaCode.trim();
        if (!code.matches("\\d{2,12}")) {
            throw new IllegalArgumentException(code + " is not a statistical area code (2 to 12 digits)");
        }
        // By the code's structure (2-2-2-3-3), as accounts' areas are: 440100000000 is the city 4401.
        String prefix = cn.zongzhi.auth.Access.significantPrefix(code);
        return prefix.isEmpty() || prefix.equals("00") ? null : prefix;
    }
}
