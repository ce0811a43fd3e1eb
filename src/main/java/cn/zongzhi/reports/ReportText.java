package cn.zongzhi.reports;

import cn.zongzhi.common.Messages;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the printed reports show figures and moments: rates as percentages, amounts with separators, "—" for none. */
final class ReportText {
    static final String NONE = "—";
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ReportText() {
    }

    static String value(Kpi.Unit unit, BigDecimal value) {
        if (value == null) {
            return NONE;
        }
        return switch (unit) {
            case RATE -> percent(value);
            case COUNT -> String.format(Locale.ROOT, "%,d", value.longValue());
            case WORKING_HOURS -> value.setScale(2, RoundingMode.HALF_UP).toPlainString();
            case YUAN -> String.format(Locale.ROOT, "%,.2f", value);
        };
    }

    /** A numerator or denominator: whole numbers as such, sums of hours or yuan with two decimals. */
    static String part(BigDecimal value) {
        if (value == null) {
            return "";
        }
        return value.stripTrailingZeros().scale() <= 0 ? String.format(Locale.ROOT, "%,d", value.longValue())
                : String.format(Locale.ROOT, "%,.2f", value);
    }

    static String count(int count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    static String percent(BigDecimal rate) {
        return rate == null ? NONE : rate.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String moment(Instant instant, ZoneId zone) {
        return MOMENT.format(instant.atZone(zone));
    }

    static String title(MonthlyReport report, Messages messages) {
        String area = report.kpis().areaName() != null ? report.kpis().areaName()
                : report.kpis().scope().areaCodePrefix() != null ? report.kpis().scope().areaCodePrefix()
                : messages.text("report.wholeArea");
        return messages.text("report.title", area);
    }

    static String month(MonthlyReport report, Messages messages) {
        return messages.text("report.month", String.valueOf(report.month().getYear()),
                String.valueOf(report.month().getMonthValue()));
    }

    static String period(MonthlyReport report, Messages messages) {
        KpiScope scope = report.kpis().scope();
        return messages.text("report.period", scope.from().toString(), scope.to().toString(), scope.zone().getId(),
                moment(scope.asOf(), scope.zone()), moment(scope.now(), scope.zone()));
    }
}
