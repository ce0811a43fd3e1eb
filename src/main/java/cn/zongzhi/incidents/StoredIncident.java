package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.UUID;

/** An incident as the service needs it to decide on an action. */
public record StoredIncident(UUID id, String caseNo, IncidentState state, String categoryCode, String departmentCode,
                             Instant reportedAt, Instant dueAt, Instant requestedDueAt, long rowVersion, String areaCode) {
}
