package cn.zongzhi.mediation;

import java.time.Instant;
import java.util.UUID;

/** A mediation session as the calendar shows it: with its dispute, people and place. */
public record CalendarSession(UUID id, UUID disputeId, String caseNo, String disputeType, String summary,
                              String parties, String mediatorCode, String mediatorName, String roomCode, String roomName,
                              Instant startsAt, Instant endsAt, String status, String overrideReason, long rowVersion) {
}
