package cn.zongzhi.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** The saved views of the queue: each is a filter the seat operator reaches with one click or key. */
public enum QueueView {
    OPEN,
    TO_ACCEPT,
    OVERDUE,
    DUE_SOON,
    TO_VERIFY,
    TO_RATE,
    MINE,
    /** Open incidents with no area (未定位): the seat operator gives them a place by correcting the incident. */
    UNLOCATED,
    ALL;

    public IncidentFilter filter(Instant now, UUID operatorId) {
        IncidentFilter any = IncidentFilter.any();
        return switch (this) {
            case OPEN -> any.withStatuses(open());
            case TO_ACCEPT -> any.withStatuses(EnumSet.of(IncidentStatus.REPORTED));
            case OVERDUE -> any.withDueBefore(now);
            // Not yet due: an overdue case is on the overdue view, and counted there (and in the figures) alone.
            case DUE_SOON -> any.withDueBetween(now, now.plus(Duration.ofHours(24)));
            case TO_VERIFY -> any.withStatuses(EnumSet.of(IncidentStatus.RESOLVED));
            case TO_RATE -> any.withStatuses(EnumSet.of(IncidentStatus.VERIFIED));
            case MINE -> any.withActedBy(operatorId);
            case UNLOCATED -> any.withStatuses(open()).withUnlocated(true);
            case ALL -> any;
        };
    }

    public IncidentSort defaultSort() {
        return this == OVERDUE || this == DUE_SOON ? IncidentSort.DUE_SOONEST : IncidentSort.NEWEST_FIRST;
    }

    private static Set<IncidentStatus> open() {
        Set<IncidentStatus> open = EnumSet.noneOf(IncidentStatus.class);
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.isOpen()) {
                open.add(status);
            }
        }
        return open;
    }
}
