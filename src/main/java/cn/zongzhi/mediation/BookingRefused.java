package cn.zongzhi.mediation;

import java.util.List;

/** A booking or move was refused; every conflict is named. Nothing was written. */
public final class BookingRefused extends RuntimeException {
    private final List<SessionConflict> conflicts;

    public BookingRefused(List<SessionConflict> conflicts) {
        super(conflicts.stream().map(conflict -> conflict.kind() + ": " + conflict.arguments())
                .reduce((a, b) -> a + "; " + b).orElse("refused"), null, false, false);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<SessionConflict> conflicts() {
        return conflicts;
    }

    /** True when only working-time rules stand in the way, which a reason can override. */
    public boolean overridable() {
        return conflicts.stream().allMatch(conflict -> conflict.kind().overridable());
    }
}
