package cn.zongzhi.calendar;

import java.time.LocalDate;

/**
 * An exception to the Monday–Friday week: a public holiday ({@code offDay}) or a make-up working day on a
 * weekend (调休, not {@code offDay}).
 */
public record CalendarDay(LocalDate date, boolean offDay, String name) {
}
