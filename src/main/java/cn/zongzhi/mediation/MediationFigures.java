package cn.zongzhi.mediation;

import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The mediation figures leaders ask for, over a window of days: accepted (受理), concluded (调结), succeeded
 * (调解成功 = agreements), the success rate, amounts agreed and cases referred to a court, by dispute type,
 * mediator or month. A case counts as accepted in the window it was registered in and as concluded in the
 * window it was closed in, so a month's figures do not move when older cases close later.
 */
public final class MediationFigures {
    /** How the figures are grouped. */
    public enum Dimension { TYPE, MEDIATOR, MONTH }

    /**
     * One group's figures. {@code successRate} = agreements ÷ concluded (agreement, failed, unsuitable or
     * withdrawn), null when nothing was concluded.
     */
    public record Row(String key, String label, int accepted, int concluded, int agreements, int failed, int unsuitable,
                      int withdrawn, int referred, BigDecimal agreedAmount, BigDecimal successRate) {
    }

    /** The groups, busiest first (months in order), and the whole window's totals. */
    public record Table(Dimension dimension, LocalDate from, LocalDate to, List<Row> rows, Row total) {
    }

    private final DSLContext dsl;
    private final ZoneId zone;

    public MediationFigures(DSLContext dsl, ZoneId zone) {
        this.dsl = dsl;
        this.zone = zone;
    }

    /** Figures for the days {@code from} to {@code to}, both included, on the office's calendar. */
    public Table figures(Dimension dimension, LocalDate from, LocalDate to) {
        return figures(dimension, from, to, null);
    }

    /**
     * Figures of the disputes in one area subtree (a statistical code prefix such as "440111004" for a street;
     * null for all).
     */
    public Table figures(Dimension dimension, LocalDate from, LocalDate to, String areaCodePrefix) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends before it starts");
        }
        var counts = new MediationFiguresRepository(dsl).counts(dimension, from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant(), zone, areaCodePrefix);
        List<Row> rows = counts.stream().map(MediationFigures::row)
                .sorted(dimension == Dimension.MONTH
                        ? java.util.Comparator.comparing(Row::key)
                        : java.util.Comparator.comparingInt(Row::accepted).reversed().thenComparing(Row::key))
                .toList();
        Row total = row(new MediationFiguresRepository.Counts("", null,
                rows.stream().mapToInt(Row::accepted).sum(), rows.stream().mapToInt(Row::concluded).sum(),
                rows.stream().mapToInt(Row::agreements).sum(), rows.stream().mapToInt(Row::failed).sum(),
                rows.stream().mapToInt(Row::unsuitable).sum(), rows.stream().mapToInt(Row::withdrawn).sum(),
                rows.stream().mapToInt(Row::referred).sum(),
                rows.stream().map(Row::agreedAmount).reduce(BigDecimal.ZERO, BigDecimal::add)));
        return new Table(dimension, from, to, rows, total);
    }

    private static Row row(MediationFiguresRepository.Counts counts) {
        BigDecimal rate = counts.concluded() == 0 ? null
                : BigDecimal.valueOf(counts.agreements()).divide(BigDecimal.valueOf(counts.concluded()), 4, RoundingMode.HALF_UP);
        return new Row(counts.key(), counts.label(), counts.accepted(), counts.concluded(), counts.agreements(), counts.failed(),
                counts.unsuitable(), counts.withdrawn(), counts.referred(), counts.agreedAmount(), rate);
    }
}
