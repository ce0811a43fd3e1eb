package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.UUID;

/** One line of the queue, as read from the database (never a jOOQ record), with the row version it was read at. */
public record IncidentSummary(UUID id, String caseNo, IncidentStatus status, String categoryCode, String categoryName,
                              String title, String address, String areaName, String departmentName, String channel,
                              String riskLevel, Instant reportedAt, Instant dueAt, String reporterPhone,
                              long rowVersion) {
}
