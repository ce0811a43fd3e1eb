package cn.zongzhi.mediation;

import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.Messages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Session times and booking conflicts in the operator's language: the date and time patterns (11月25日 09:00,
 * Nov 25 09:00) are texts of the bundles like any other, so the scheduler hands over dates and times, never words.
 */
public final class SessionTexts {
    private SessionTexts() {
    }

    /** A session's time: its start with the day, its end as a time ("11月25日 09:00–10:30"). */
    public static String span(Instant from, Instant to, ZoneId zone, Messages messages) {
        return messages.text("mediation.format.span", text(from.atZone(zone).toLocalDateTime(), messages),
                text(to.atZone(zone).toLocalTime(), messages));
    }

    /** What the conflict collides with, named. */
    public static String detail(SessionConflict conflict, Messages messages) {
        return messages.text(conflict.detailKey(), conflict.arguments().stream().map(argument -> text(argument, messages)).toArray());
    }

    private static Object text(Object argument, Messages messages) {
        if (argument instanceof LocalDateTime at) {
            return DateTimeFormatter.ofPattern(messages.text("mediation.format.dayTime"), messages.locale()).format(at);
        }
        if (argument instanceof LocalTime at) {
            return DateTimeFormatter.ofPattern(messages.text("mediation.format.time"), messages.locale()).format(at);
        }
        if (argument instanceof LocalDate day) {
            return day.toString();
        }
        if (argument instanceof WorkingHours.Period period) {
            return messages.text("mediation.format.period", text(period.start(), messages), text(period.end(), messages));
        }
        if (argument instanceof List<?> items) {
            return items.stream().map(item -> String.valueOf(text(item, messages)))
                    .collect(Collectors.joining(messages.text("mediation.format.listSeparator")));
        }
        return argument;
    }
}
