package cn.zongzhi.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The rows of the mediation desk as they are written in bulk (demo, import). */
public final class MediationRows {
    private MediationRows() {
    }

    public record Mediator(String code, String name, String kind, String specialties, String studioName, String phone) {
    }

    public record Room(String code, String name, int capacity, String location) {
    }

    public record Dispute(UUID id, String caseNo, String disputeType, String source, String route, String summary,
                          BigDecimal amount, String riskLevel, String status, String areaCode, String mediatorCode,
                          Instant registeredAt, Instant dueAt, Instant closedAt, String outcome, BigDecimal agreedAmount,
                          boolean demo, String originOffice, long hlc) {
    }

    public record Party(UUID id, UUID disputeId, String role, String kind, String name, String idNumber, String phone,
                        String address, String originOffice, long hlc) {
    }

    public record Session(UUID id, UUID disputeId, String mediatorCode, String roomCode, Instant startsAt, Instant endsAt,
                          String status, String originOffice, long hlc) {
    }
}
