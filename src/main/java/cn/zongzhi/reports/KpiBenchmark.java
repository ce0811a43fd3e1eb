package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The baseline of {@code bench kpi}: the same figures written by hand as SQL and run through bare JDBC, as a
 * hand-tuned DAO would. Written from the definitions (docs/decisions/0009), not from the application's queries,
 * so the bench also cross-checks the figures.
 */
public final class KpiBenchmark {
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

    private final DSLContext dsl;
    private final Supplier<WorkingCalendar> calendar;
    private final WorkingHours hours;

    public KpiBenchmark(DSLContext dsl, Supplier<WorkingCalendar> calendar, WorkingHours hours) {
        this.dsl = dsl;
        this.calendar = calendar;
        this.hours = hours;
    }

    /** Numerator and denominator (null for plain counts and sums) of every figure. */
    public Map<Kpi, BigDecimal[]> figures(KpiScope scope) {
        return dsl.connectionResult(connection -> {
            Map<Kpi, BigDecimal[]> figures = new EnumMap<>(Kpi.class);
            incidentCounts(connection, scope, figures);
            handling(connection, scope, figures);
            disputes(connection, scope, figures);
            return figures;
        });
    }

    /** Where the two sets of figures disagree, one line per figure; empty when they agree. */
    public static List<String> differences(KpiSet application, Map<Kpi, BigDecimal[]> baseline) {
        List<String> differences = new ArrayList<>();
        for (KpiFigure figure : application.figures()) {
            BigDecimal[] bare = baseline.get(figure.kpi());
            if (!same(figure.numerator(), bare[0]) || !same(figure.denominator(), bare[1])) {
                differences.add(figure.kpi().key() + ": application " + figure.numerator() + "/" + figure.denominator()
                        + ", bare JDBC " + bare[0] + "/" + bare[1]);
            }
        }
        return differences;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /** Handled on the spot since the last dispatch, if any (a department's return then the grid worker). */
    private static final String ON_SPOT_SINCE_DISPATCH = "EXISTS (SELECT 1 FROM incident_event e WHERE e.incident_id = i.id"
            + " AND e.action = 'HANDLE_ON_SPOT' AND (i.dispatched_at IS NULL OR e.occurred_at >= i.dispatched_at))";

    private void incidentCounts(Connection connection, KpiScope scope, Map<Kpi, BigDecimal[]> figures) throws SQLException {
        String asOf = literal(scope.asOf(), scope);
        String now = literal(scope.now(), scope);
        String closed = closed(scope);
        String openStatuses = "('REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'SUSPENDED', 'RESOLVED', 'VERIFIED')";
        String onSpot = ON_SPOT_SINCE_DISPATCH;
        String gridLevel = closed + " AND i.escalation_level <= 0";
        String departmentLevel = closed + " AND i.dispatched_at IS NOT NULL AND i.escalation_level <= 1";
        // The window's intake through the taken_in_at index; every rate below counts within it.
        String intake = "SELECT COUNT(*),"
                + " COUNT(*) FILTER (WHERE " + closed + "),"
                + " COUNT(*) FILTER (WHERE " + closed + " AND i.due_at IS NOT NULL),"
                + " COUNT(*) FILTER (WHERE " + closed + " AND i.due_at IS NOT NULL AND i.resolved_at <= i.due_at),"
                + " COUNT(*) FILTER (WHERE i.satisfaction IS NOT NULL),"
                + " COUNT(*) FILTER (WHERE i.satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')),"
                + " COUNT(*) FILTER (WHERE " + closed + " AND i.rework_count > 0),"
                + " COUNT(*) FILTER (WHERE CASE WHEN " + gridLevel + " THEN " + onSpot + " ELSE FALSE END),"
                + " COUNT(*) FILTER (WHERE CASE WHEN " + departmentLevel + " THEN NOT " + onSpot + " ELSE FALSE END),"
                + " COUNT(*) FILTER (WHERE " + closed + " AND i.escalation_level = 2),"
                + " COUNT(*) FILTER (WHERE " + closed + " AND i.escalation_level >= 3)"
                + " FROM incident i WHERE " + takenIn(scope) + " AND " + rowByRow("i.voided = FALSE" + area("i", scope));
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(intake)) {
            row.next();
            BigDecimal takenInCount = row.getBigDecimal(1);
            BigDecimal closedCount = row.getBigDecimal(2);
            figures.put(Kpi.ACCEPTED, pair(takenInCount, null));
            figures.put(Kpi.CLOSURE_RATE, pair(closedCount, takenInCount));
            figures.put(Kpi.ON_TIME_RATE, pair(row.getBigDecimal(4), row.getBigDecimal(3)));
            figures.put(Kpi.SATISFACTION_RATE, pair(row.getBigDecimal(6), row.getBigDecimal(5)));
            figures.put(Kpi.REWORK_RATE, pair(row.getBigDecimal(7), closedCount));
            figures.put(Kpi.GRID_SHARE, pair(row.getBigDecimal(8), closedCount));
            figures.put(Kpi.COMMUNITY_SHARE, pair(row.getBigDecimal(9), closedCount));
            figures.put(Kpi.STREET_SHARE, pair(row.getBigDecimal(10), closedCount));
            figures.put(Kpi.DISTRICT_SHARE, pair(row.getBigDecimal(11), closedCount));
        }
        // Open at the end of the window: still open, closed or merged since, or declined since (a UNION ALL of
        // the three, each through its own index).
        // Each part through its own index, the other conditions hidden from H2's planner in a CASE (it has no
        // statistics and would take the status index for "closed", most of the table).
        String rest = "i.voided = FALSE" + area("i", scope) + " AND i.reported_at < " + asOf;
        String open = "SELECT SUM(c) FROM ("
                + "SELECT COUNT(*) c FROM incident i WHERE i.status IN " + openStatuses + " AND i.reported_at < " + asOf
                + " AND " + rowByRow(rest)
                + " UNION ALL SELECT COUNT(*) FROM incident i WHERE i.closed_at >= " + asOf
                + " AND " + rowByRow(rest + " AND i.status IN ('CLOSED', 'MERGED')")
                + " UNION ALL SELECT COUNT(*) FROM incident i WHERE i.id IN (SELECT e.incident_id FROM incident_event e"
                + " WHERE e.action = 'DECLINE' AND e.occurred_at >= " + asOf + ") AND " + rowByRow(rest + " AND i.status = 'DECLINED'")
                + ") parts";
        figures.put(Kpi.OPEN, pair(single(connection, open), null));
        String runningStatuses = "('ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'SUSPENDED')";
        figures.put(Kpi.OVERDUE, pair(single(connection, "SELECT COUNT(*) FROM incident i WHERE i.status IN " + runningStatuses
                + " AND " + rowByRow("i.voided = FALSE" + area("i", scope) + " AND i.due_at < " + now)), null));
    }

    private static String rowByRow(String condition) {
        return "CASE WHEN " + condition + " THEN TRUE ELSE FALSE END";
    }

    private static BigDecimal single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getBigDecimal(1);
        }
    }

    private static String takenIn(KpiScope scope) {
        return "(i.taken_in_at >= " + literal(scope.start(), scope) + " AND i.taken_in_at < " + literal(scope.end(), scope) + ")";
    }

    private static String closed(KpiScope scope) {
        return "(" + takenIn(scope) + " AND i.status = 'CLOSED' AND COALESCE(i.closed_at, i.reported_at) < "
                + literal(scope.asOf(), scope) + ")";
    }

    private void handling(Connection connection, KpiScope scope, Map<Kpi, BigDecimal[]> figures) throws SQLException {
        WorkingTime working = new WorkingTime(calendar.get(), hours);
        int offset = KpiService.fixedOffset(scope).getTotalSeconds();
        String population = "CASE WHEN " + closed(scope) + " AND i.dispatched_at IS NOT NULL THEN NOT "
                + ON_SPOT_SINCE_DISPATCH + " ELSE FALSE END";
        String moments = "SELECT CAST(EXTRACT(EPOCH FROM i.dispatched_at) AS BIGINT) + " + offset + " d,"
                + " CAST(EXTRACT(EPOCH FROM i.resolved_at) AS BIGINT) + " + offset + " r"
                + " FROM incident i WHERE " + takenIn(scope) + " AND " + rowByRow("i.voided = FALSE" + area("i", scope)) + " AND " + population;
        String days = "SELECT m.d, m.r, m.d / 86400 dd, m.r / 86400 rd FROM (" + moments + ") m";
        String sql = "SELECT t.dd, t.rd, COUNT(*), SUM(" + worked("(t.d - 86400 * t.dd)") + "), SUM("
                + worked("(t.r - 86400 * t.rd)") + ") FROM (" + days + ") t GROUP BY t.dd, t.rd";
        Map<LocalDate, double[]> starts = new TreeMap<>();
        Map<LocalDate, double[]> ends = new TreeMap<>();
        long cases = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                long count = rows.getLong(3);
                cases += count;
                add(starts, LocalDate.ofEpochDay(rows.getLong(1)), count, rows.getBigDecimal(4));
                add(ends, LocalDate.ofEpochDay(rows.getLong(2)), count, rows.getBigDecimal(5));
            }
        }
        double seconds = working.sumSeconds(groups(ends), groups(starts));
        figures.put(Kpi.HANDLING_HOURS, pair(BigDecimal.valueOf(seconds / 3600).setScale(2, RoundingMode.HALF_UP),
                BigDecimal.valueOf(cases)));
    }

    private String worked(String secondOfDay) {
        StringBuilder worked = new StringBuilder();
        for (WorkingHours.Period period : hours.periods()) {
            int from = period.start().toSecondOfDay();
            int to = period.end().toSecondOfDay();
            worked.append(worked.length() == 0 ? "" : " + ")
                    .append("GREATEST(LEAST(").append(secondOfDay).append(", ").append(to).append("), ").append(from)
                    .append(") - ").append(from);
        }
        return worked.toString();
    }

    private static void add(Map<LocalDate, double[]> groups, LocalDate day, long cases, BigDecimal worked) {
        double[] group = groups.computeIfAbsent(day, key -> new double[2]);
        group[0] += cases;
        group[1] += worked == null ? 0 : worked.doubleValue();
    }

    private static List<WorkingTime.DayGroup> groups(Map<LocalDate, double[]> byDay) {
        List<WorkingTime.DayGroup> groups = new ArrayList<>();
        byDay.forEach((day, group) -> groups.add(new WorkingTime.DayGroup(day, (long) group[0], group[1])));
        return groups;
    }

    private void disputes(Connection connection, KpiScope scope, Map<Kpi, BigDecimal[]> figures) throws SQLException {
        String start = literal(scope.start(), scope);
        String end = literal(scope.end(), scope);
        String inArea = area("d", scope);
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM dispute d WHERE d.voided = FALSE"
                     + " AND d.registered_at >= " + start + " AND d.registered_at < " + end + inArea)) {
            row.next();
            figures.put(Kpi.DISPUTES_ACCEPTED, pair(row.getBigDecimal(1), null));
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*),"
                     + " COUNT(*) FILTER (WHERE d.outcome = 'AGREEMENT'),"
                     + " COUNT(*) FILTER (WHERE d.referral IS NOT NULL),"
                     + " COALESCE(SUM(d.agreed_amount) FILTER (WHERE d.outcome = 'AGREEMENT'), 0)"
                     + " FROM dispute d WHERE d.voided = FALSE AND d.status = 'CLOSED'"
                     + " AND d.closed_at >= " + start + " AND d.closed_at < " + end + inArea)) {
            row.next();
            figures.put(Kpi.MEDIATION_SUCCESS_RATE, pair(row.getBigDecimal(2), row.getBigDecimal(1)));
            figures.put(Kpi.REFERRED_TO_COURT, pair(row.getBigDecimal(3), null));
            figures.put(Kpi.AGREED_AMOUNT, pair(row.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP), null));
        }
    }

    private static String area(String alias, KpiScope scope) {
        String prefix = scope.areaCodePrefix();
        if (prefix == null) {
            return "";
        }
        return " AND " + alias + ".area_code BETWEEN '" + (prefix + "000000000000").substring(0, 12) + "' AND '"
                + (prefix + "999999999999").substring(0, 12) + "'";
    }

    private static String literal(Instant instant, KpiScope scope) {
        ZoneOffset offset = KpiService.fixedOffset(scope);
        return "TIMESTAMP WITH TIME ZONE '" + LITERAL.format(OffsetDateTime.ofInstant(instant, offset)) + "'";
    }

    private static BigDecimal[] pair(BigDecimal numerator, BigDecimal denominator) {
        return new BigDecimal[] {numerator, denominator};
    }
}
