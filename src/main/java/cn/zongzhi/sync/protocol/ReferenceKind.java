package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * The reference data the city owns and publishes to the offices (decision 0016), in the order an office applies
 * them: areas before the departments and grids that lie in them, departments before the categories that name them.
 */
public enum ReferenceKind {
    /** A statistical area (province … community): name, level, parent, outline. */
    AREA,
    /** A department that incidents are dispatched to. */
    DEPARTMENT,
    /** A category of the incident catalogue: parent, default and fallback department, time limit. */
    CATEGORY,
    /** A grid and its outline; an office receives the grids of its own jurisdiction only. */
    GRID,
    /** A mediator of the city's roster. */
    MEDIATOR,
    /** One year of the holiday calendar, whole: its public holidays and make-up working days. */
    HOLIDAY_YEAR,
    /** A kind this side does not know (sent by a newer peer): passed over. */
    @JsonEnumDefaultValue
    UNKNOWN
}
