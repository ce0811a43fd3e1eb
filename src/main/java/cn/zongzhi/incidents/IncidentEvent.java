package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.UUID;

/** One line of an incident's history: who did what, when, from which status to which. */
public record IncidentEvent(UUID id, IncidentAction action, IncidentStatus from, IncidentStatus to, String operatorName,
                            String departmentCode, String note, Instant occurredAt) {
}
