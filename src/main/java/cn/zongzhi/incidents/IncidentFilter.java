package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What the queue shows: every field narrows the list; null or empty means "any".
 *
 * @param categoryCode   a category and every category under it in the catalogue (a first-level class stands for all
 *                       its categories)
 * @param areaCodePrefix a statistical code prefix selecting an area subtree (e.g. "440111001" for one street)
 * @param dueBefore      open incidents due before this instant (overdue: now; due within 24 h: now + 24 h)
 * @param dueFrom        with {@code dueBefore} only: due at or after this instant (due within 24 h: now), so that
 *                       "due soon" and "overdue" do not overlap; alone it is ignored
 * @param actedBy        incidents this operator registered or acted on ("我的")
 * @param text           free text matched against title, description and address, or a whole case number
 * @param gridId         a grid and, for a comprehensive grid, the micro grids inside it (opened from the map)
 * @param loop           where the incident went in the closed loop (the cases behind a report's figure)
 * @param unlocated      only incidents without an area (not located: no coordinates the locator could place, no
 *                       community named on import); such a record belongs to whoever may act on it
 *                       ({@code Access.covers}), so the reader's own area does not narrow this filter
 */
public record IncidentFilter(Set<IncidentStatus> statuses, String categoryCode, String areaCodePrefix,
                             String departmentCode, String channel, String riskLevel, Instant dueBefore,
                             Instant reportedFrom, Instant reportedTo, UUID actedBy, String text, UUID gridId,
                             LoopCriteria loop, Instant dueFrom, boolean unlocated) {

    public static IncidentFilter any() {
        return new IncidentFilter(Set.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, false);
    }

    public IncidentFilter withLoop(LoopCriteria value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, text, gridId, value, dueFrom, unlocated);
    }

    public IncidentFilter withStatuses(Set<IncidentStatus> value) {
        return new IncidentFilter(value, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, text, gridId, loop, dueFrom, unlocated);
    }

    public IncidentFilter withAreaCodePrefix(String value) {
        return new IncidentFilter(statuses, categoryCode, value, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, text, gridId, loop, dueFrom, unlocated);
    }

    public IncidentFilter withDueBefore(Instant value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, value,
                reportedFrom, reportedTo, actedBy, text, gridId, loop, dueFrom, unlocated);
    }

    /** Due in [{@code from}, {@code before}): "due within 24 h" without the overdue ones, which have a view of their own. */
    public IncidentFilter withDueBetween(Instant from, Instant before) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, before,
                reportedFrom, reportedTo, actedBy, text, gridId, loop, from, unlocated);
    }

    /** The lower bound of the deadline, as {@link #withDueBetween} sets it; the upper bound stays. */
    public IncidentFilter withDueFrom(Instant value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, text, gridId, loop, value, unlocated);
    }

    public IncidentFilter withActedBy(UUID value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, value, text, gridId, loop, dueFrom, unlocated);
    }

    /**
     * The narrowing the filter bar adds on top of a saved view or of the cases behind a figure. What the bar leaves
     * empty stays as this filter has it: a figure's cases keep the area, category and window the figure counted.
     * An area or category the bar sets is taken where it lies within this filter's (or this filter has none),
     * this filter's is kept where it is the narrower; one beside it replaces it, as the operator's latest choice.
     * The bar's dates and this filter's window overlap.
     */
    public IncidentFilter narrowedBy(String category, String area, String department, String channelName,
                                     String risk, Instant from, Instant to) {
        return new IncidentFilter(statuses, narrower(categoryCode, category), narrower(areaCodePrefix, area),
                department == null ? departmentCode : department, channelName == null ? channel : channelName,
                risk == null ? riskLevel : risk, dueBefore, later(reportedFrom, from), earlier(reportedTo, to), actedBy,
                text, gridId, loop, dueFrom, unlocated);
    }

    /** Of two codes that name subtrees by their prefix, the narrower when one holds the other, else the chosen. */
    private static String narrower(String own, String chosen) {
        if (chosen == null || chosen.isBlank()) {
            return own;
        }
        return own != null && own.startsWith(chosen) ? own : chosen;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    public IncidentFilter withText(String value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, value, gridId, loop, dueFrom, unlocated);
    }

    public IncidentFilter withReported(Instant from, Instant to) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                from, to, actedBy, text, gridId, loop, dueFrom, unlocated);
    }

    public IncidentFilter withUnlocated(boolean value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, text, gridId, loop, dueFrom, value);
    }

    public IncidentFilter withGridId(UUID value) {
        return new IncidentFilter(statuses, categoryCode, areaCodePrefix, departmentCode, channel, riskLevel, dueBefore,
                reportedFrom, reportedTo, actedBy, text, value, loop, dueFrom, unlocated);
    }
}
