package cn.zongzhi.reports;

import cn.zongzhi.mediation.MediationFigures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The monthly report of an area: the figures with their formulas, intake and closures per day, intake by category
 * and by channel, the grids with the most open and overdue work, and the mediation outcomes by dispute type.
 */
public record MonthlyReport(YearMonth month, KpiSet kpis, List<Day> days, List<Group> categories, List<Group> channels,
                            List<GridLoad> grids, MediationFigures.Table mediation) {

    /** One day: incidents taken in on it, and incidents closed on it (whenever they were taken in). */
    public record Day(LocalDate day, int takenIn, int closed) {
    }

    /** Incidents taken in during the month in one category or channel, and how many of them were closed by its end. */
    public record Group(String key, String label, int takenIn, int closed) {
        /** closed ÷ taken in, null when nothing was taken in. */
        public BigDecimal closureRate() {
            return takenIn == 0 ? null
                    : BigDecimal.valueOf(closed).divide(BigDecimal.valueOf(takenIn), 4, RoundingMode.HALF_UP);
        }
    }

    /**
     * A comprehensive grid (its micro grids included): incidents open at the end of the month, and open and
     * overdue now.
     */
    public record GridLoad(String code, String name, String community, int open, int overdue) {
    }
}
