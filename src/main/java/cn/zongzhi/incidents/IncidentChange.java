package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.UUID;

/** The columns an action sets; null timestamps and notes leave the stored value as it is. */
record IncidentChange(IncidentState state, String departmentCode, Instant dueAt, Instant requestedDueAt,
                      Instant acceptedAt, Instant dispatchedAt, Instant resolvedAt, Instant closedAt,
                      Satisfaction satisfaction, String resultNote, UUID parentIncidentId) {
}
