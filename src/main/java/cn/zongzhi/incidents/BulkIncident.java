package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A whole incident with its history, as an import or the demo writes it in bulk. Statuses and events are
 * expected to be consistent already; the bulk path does not replay the state machine.
 */
public record BulkIncident(UUID id, String caseNo, String externalId, Channel channel, String categoryCode, String title,
                           String description, String address, Double longitude, Double latitude, String areaCode,
                           UUID gridId, RiskLevel riskLevel, String reporterName, String reporterPhone,
                           IncidentStatus status, String departmentCode, Instant reportedAt, Instant acceptedAt,
                           Instant dispatchedAt, Instant dueAt, Instant resolvedAt, Instant closedAt,
                           Satisfaction satisfaction, int reworkCount, String resultNote, boolean demo,
                           String originOffice, long hlc, List<IncidentEvent> events) {
}
