package cn.zongzhi.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One figure with everything needed to check it: its formula in words, its window, numerator and denominator
 * (null for a plain count or sum), and the moment the states it counts were read.
 *
 * @param value null when the denominator is zero (no rate can be given)
 */
public record KpiFigure(Kpi kpi, String label, String formula, BigDecimal value, BigDecimal numerator,
                        BigDecimal denominator, LocalDate from, LocalDate to, Instant asOf) {
}
