package cn.zongzhi.gridmap;

import java.time.Instant;
import java.util.UUID;

/** An open incident at its projected position. */
public record MapMarker(UUID id, String caseNo, String title, double x, double y, MarkerState state, Instant dueAt,
                        boolean overdue, String riskLevel, UUID gridId) {
}
