package cn.zongzhi.reports;

import cn.zongzhi.areas.AdminArea;
import cn.zongzhi.areas.AreaLevel;
import cn.zongzhi.areas.AreaRepository;
import cn.zongzhi.areas.GridRepository;
import cn.zongzhi.areas.GridRow;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.incidents.BulkIncident;
import cn.zongzhi.incidents.CatalogueRepository;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.mediation.MediationRepository;
import cn.zongzhi.mediation.MediationRows;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;

/**
 * A small fixed data set whose figures are counted by hand in the tests. Two streets of Baiyun: 景泰街道 (A,
 * 440111004) and 同德街道 (B, 440111005), one community and one comprehensive grid (with a micro grid) each.
 * Times are office time (Asia/Shanghai). The calendar around them (bundled holiday-cn 2026):
 * 30 Sep is a Wednesday; 1–7 Oct is the National Day holiday; Sat 10 Oct is a make-up working day; working hours
 * 09:00–12:00 and 14:00–17:30 (6.5 h a day).
 *
 * <pre>
 * case area channel  category status      taken in (立案)   closed          notes
 * I1   A    GRID_APP 0101     CLOSED      rep 09-29 09:00   09-29 15:00     handled on the spot from REPORTED, SATISFIED
 * I2   A    12345    0101     CLOSED      acc 09-30 15:00   10-09 11:00     disp 09-30 16:00, due 10-10 17:30, res 10-08 10:00 (on time; 2.5 wh across the holiday), BASICALLY_SATISFIED
 * I3   A    12345    0102     CLOSED      acc 10-09 16:00   10-13 10:00     disp 10-09 16:30, due 10-10 17:30, res 10-12 10:00 (late; 8.5 wh with the make-up Saturday), reworked once, street-supervised (2), SATISFIED
 * I4   B    WECHAT   0401     CLOSED      acc 10-12 09:00   11-01 10:00     closed after the window: open at its end; SATISFIED
 * I5   B    12345    0401     DISPATCHED  acc 10-20 09:00   —               due 10-21 17:30: overdue now; rated DISSATISFIED, reworked
 * I6   A    12345    0101     REPORTED    (rep 10-30 20:00) —               not taken in, open
 * I7   A    12345    0101     DECLINED    (rep 10-15 09:00) —               declined 10-15 10:00
 * I8   A    12345    0101     DECLINED    (rep 10-31 22:00) —               declined 11-01 09:00: open at the window's end
 * I9   B    12345    0401     IN_PROGRESS acc 09-20 09:00   —               before the window; due 09-25: open, overdue now
 * I10  A    数字城管  0102     CLOSED      acc 10-10 10:00   10-15 09:00     disp 10-10 10:30, due 10-13 17:30, res 10-14 16:00 (late; 23 wh), district-supervised (3), SATISFIED
 * I11  B    OTHER    —        CLOSED      rep 10-05 10:00   10-06 10:00     imported: no acceptance, no dispatch, no rating
 * I12  A    12345    0101     MERGED      (acc 10-16 09:00) merged 10-16 10:00: never taken in
 * I13  A    12345    0101     CLOSED      acc 10-03 …       voided: counts nowhere
 * I14  A    GRID_APP 0101     CLOSED      acc 10-26 09:00   10-27 09:00     handled on the spot after acceptance, SATISFIED
 * I15  B    WALK_IN  0401     ACCEPTED    acc 10-31 10:00   —               not dispatched yet: open, not overdue
 * </pre>
 *
 * Disputes: D1 (A, neighbours) registered 10-05, agreement 10-20 for 2,000 yuan; D2 (B, labour) registered 10-08,
 * failed 10-25 and referred to the fast-track court; D3 (A, contract) registered 10-28, still in mediation; D4 (B)
 * registered and concluded in August.
 */
public final class KpiFixture {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Monday 2 November 2026, 10:00 office time. */
    public static final Instant NOW = at("2026-11-02T10:00");
    public static final String STREET_A = "440111004";
    public static final String STREET_B = "440111005";
    static final UUID GRID_A = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    static final UUID MICRO_A = UUID.fromString("00000000-0000-7000-8000-0000000000a1");
    static final UUID GRID_B = UUID.fromString("00000000-0000-7000-8000-00000000000b");
    static final UUID MICRO_B = UUID.fromString("00000000-0000-7000-8000-0000000000b1");

    private KpiFixture() {
    }

    public static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    public static void write(DSLContext dsl) {
        new CalendarService(dsl).seedBundledIfEmpty();
        new AreaRepository(dsl).upsert(List.of(
                new AdminArea("440111000000", "白云区", AreaLevel.DISTRICT, null),
                new AdminArea("440111004000", "景泰街道", AreaLevel.TOWN, "440111000000"),
                new AdminArea("440111004001", "景泰社区", AreaLevel.COMMUNITY, "440111004000"),
                new AdminArea("440111005000", "同德街道", AreaLevel.TOWN, "440111000000"),
                new AdminArea("440111005001", "同德社区", AreaLevel.COMMUNITY, "440111005000")));
        new GridRepository(dsl).insert(List.of(
                grid(GRID_A, "G-A", "景泰社区第1网格", "COMPREHENSIVE", "440111004001", null),
                grid(MICRO_A, "G-A-1", "景泰社区第1网格1号微网格", "MICRO", "440111004001", GRID_A),
                grid(GRID_B, "G-B", "同德社区第1网格", "COMPREHENSIVE", "440111005001", null),
                grid(MICRO_B, "G-B-1", "同德社区第1网格1号微网格", "MICRO", "440111005001", GRID_B)));
        CatalogueRepository catalogue = new CatalogueRepository(dsl);
        catalogue.upsertDepartments(List.of(new CatalogueRepository.Department("HW", "环境卫生服务中心", "440111000000", null)));
        catalogue.upsertCategories(List.of(
                new CatalogueRepository.Category("01", "市容环境", null, null, null, null, null, null, false),
                new CatalogueRepository.Category("0101", "暴露垃圾", null, "01", "HW", null, 24, "WORKING_HOURS", false),
                new CatalogueRepository.Category("0102", "积存垃圾渣土", null, "01", "HW", null, 2, "WORKING_DAYS", false),
                new CatalogueRepository.Category("04", "街面秩序", null, null, null, null, null, null, false),
                new CatalogueRepository.Category("0401", "占道经营", null, "04", "HW", null, 1, "WORKING_DAYS", false)));

        List<BulkIncident> rows = new ArrayList<>();
        rows.add(incident("I1", Channel.GRID_APP, "0101", MICRO_A, IncidentStatus.CLOSED, "2026-09-29T09:00", null, null, null,
                "2026-09-29T09:30", "2026-09-29T15:00", Satisfaction.SATISFIED, 0,
                event(IncidentAction.HANDLE_ON_SPOT, IncidentStatus.REPORTED, IncidentStatus.RESOLVED, "2026-09-29T09:30")));
        rows.add(incident("I2", Channel.HOTLINE_12345, "0101", MICRO_A, IncidentStatus.CLOSED, "2026-09-30T14:50",
                "2026-09-30T15:00", "2026-09-30T16:00", "2026-10-10T17:30", "2026-10-08T10:00", "2026-10-09T11:00",
                Satisfaction.BASICALLY_SATISFIED, 0));
        rows.add(incident("I3", Channel.HOTLINE_12345, "0102", MICRO_A, IncidentStatus.CLOSED, "2026-10-09T15:40",
                "2026-10-09T16:00", "2026-10-09T16:30", "2026-10-10T17:30", "2026-10-12T10:00", "2026-10-13T10:00",
                Satisfaction.SATISFIED, 1));
        rows.add(incident("I4", Channel.WECHAT, "0401", MICRO_B, IncidentStatus.CLOSED, "2026-10-12T08:30",
                "2026-10-12T09:00", "2026-10-12T10:00", "2026-10-14T17:30", "2026-10-12T15:00", "2026-11-01T10:00",
                Satisfaction.SATISFIED, 0));
        rows.add(incident("I5", Channel.HOTLINE_12345, "0401", MICRO_B, IncidentStatus.DISPATCHED, "2026-10-20T08:40",
                "2026-10-20T09:00", "2026-10-20T09:30", "2026-10-21T17:30", null, null, Satisfaction.DISSATISFIED, 1));
        rows.add(incident("I6", Channel.HOTLINE_12345, "0101", MICRO_A, IncidentStatus.REPORTED, "2026-10-30T20:00",
                null, null, null, null, null, null, 0));
        rows.add(incident("I7", Channel.HOTLINE_12345, "0101", MICRO_A, IncidentStatus.DECLINED, "2026-10-15T09:00",
                null, null, null, null, null, null, 0,
                event(IncidentAction.DECLINE, IncidentStatus.REPORTED, IncidentStatus.DECLINED, "2026-10-15T10:00")));
        rows.add(incident("I8", Channel.HOTLINE_12345, "0101", MICRO_A, IncidentStatus.DECLINED, "2026-10-31T22:00",
                null, null, null, null, null, null, 0,
                event(IncidentAction.DECLINE, IncidentStatus.REPORTED, IncidentStatus.DECLINED, "2026-11-01T09:00")));
        rows.add(incident("I9", Channel.HOTLINE_12345, "0401", GRID_B, IncidentStatus.IN_PROGRESS, "2026-09-20T08:30",
                "2026-09-20T09:00", "2026-09-22T09:00", "2026-09-25T17:30", null, null, null, 0));
        rows.add(incident("I10", Channel.URBAN_MANAGEMENT, "0102", MICRO_A, IncidentStatus.CLOSED, "2026-10-10T09:45",
                "2026-10-10T10:00", "2026-10-10T10:30", "2026-10-13T17:30", "2026-10-14T16:00", "2026-10-15T09:00",
                Satisfaction.SATISFIED, 0));
        rows.add(incident("I11", Channel.OTHER, null, null, IncidentStatus.CLOSED, "2026-10-05T10:00", null, null, null,
                "2026-10-06T10:00", "2026-10-06T10:00", null, 0,
                event(IncidentAction.IMPORT, IncidentStatus.REPORTED, IncidentStatus.CLOSED, "2026-10-06T10:00")));
        rows.add(incident("I12", Channel.HOTLINE_12345, "0101", MICRO_A, IncidentStatus.MERGED, "2026-10-16T08:50",
                "2026-10-16T09:00", null, null, null, "2026-10-16T10:00", null, 0));
        rows.add(incident("I13", Channel.HOTLINE_12345, "0101", MICRO_A, IncidentStatus.CLOSED, "2026-10-03T08:00",
                "2026-10-03T09:00", "2026-10-03T09:30", "2026-10-09T17:30", "2026-10-08T10:00", "2026-10-09T10:00",
                Satisfaction.SATISFIED, 0));
        rows.add(incident("I14", Channel.GRID_APP, "0101", MICRO_A, IncidentStatus.CLOSED, "2026-10-26T08:50",
                "2026-10-26T09:00", null, null, "2026-10-26T10:00", "2026-10-27T09:00", Satisfaction.SATISFIED, 0,
                event(IncidentAction.ACCEPT, IncidentStatus.REPORTED, IncidentStatus.ACCEPTED, "2026-10-26T09:00"),
                event(IncidentAction.HANDLE_ON_SPOT, IncidentStatus.ACCEPTED, IncidentStatus.RESOLVED, "2026-10-26T10:00")));
        rows.add(incident("I15", Channel.WALK_IN, "0401", MICRO_B, IncidentStatus.ACCEPTED, "2026-10-31T09:50",
                "2026-10-31T10:00", null, null, null, null, null, 0));
        new IncidentRepository(dsl).insertAll(rows);
        // The bulk path writes neither supervision levels nor voiding; they come from later actions.
        dsl.update(INCIDENT).set(INCIDENT.ESCALATION_LEVEL, 2).where(INCIDENT.CASE_NO.eq("I3")).execute();
        dsl.update(INCIDENT).set(INCIDENT.ESCALATION_LEVEL, 3).where(INCIDENT.CASE_NO.eq("I10")).execute();
        dsl.update(INCIDENT).set(INCIDENT.VOIDED, true).where(INCIDENT.CASE_NO.eq("I13")).execute();

        new MediationRepository(dsl).insertDisputes(List.of(
                dispute("D1", "NEIGHBOUR", "440111004001", "2026-10-05T10:00", "2026-10-20T15:00", "AGREEMENT", "2000"),
                dispute("D2", "LABOUR", "440111005001", "2026-10-08T10:00", "2026-10-25T15:00", "FAILED", null),
                dispute("D3", "CONTRACT", "440111004001", "2026-10-28T10:00", null, null, null),
                dispute("D4", "NEIGHBOUR", "440111005001", "2026-08-01T10:00", "2026-08-20T10:00", "AGREEMENT", "999")),
                List.of(), List.of());
        dsl.update(DISPUTE).set(DISPUTE.REFERRAL, "FAST_TRACK_COURT").where(DISPUTE.CASE_NO.eq("D2")).execute();
    }

    private static GridRow grid(UUID id, String code, String name, String level, String area, UUID parent) {
        return new GridRow(id, code, name, level, area, parent, null, "WGS84", 113.3, 23.1, 113.31, 23.11, 300, 800);
    }

    static IncidentEvent event(IncidentAction action, IncidentStatus from, IncidentStatus to, String when) {
        return new IncidentEvent(UUID.randomUUID(), action, from, to, "测试", null, null, at(when));
    }

    static BulkIncident incident(String caseNo, Channel channel, String category, UUID grid, IncidentStatus status,
                                         String reported, String accepted, String dispatched, String due, String resolved,
                                         String closed, Satisfaction satisfaction, int rework, IncidentEvent... events) {
        String area = grid == null ? "440111005001" : grid.equals(GRID_A) || grid.equals(MICRO_A) ? "440111004001" : "440111005001";
        List<IncidentEvent> history = new ArrayList<>();
        history.add(event(IncidentAction.REPORT, null, IncidentStatus.REPORTED, reported));
        history.addAll(List.of(events));
        return new BulkIncident(UUID.randomUUID(), caseNo, null, channel, category, "测试事件 " + caseNo, null, null, null, null,
                area, grid, null, null, null, status, category == null ? null : "HW", at(reported), time(accepted),
                time(dispatched), time(due), time(resolved), time(closed), satisfaction, rework, null, false, "T", 1,
                history);
    }

    private static Instant time(String localDateTime) {
        return localDateTime == null ? null : at(localDateTime);
    }

    private static MediationRows.Dispute dispute(String caseNo, String type, String area, String registered, String closed,
                                                 String outcome, String amount) {
        Instant registeredAt = at(registered);
        return new MediationRows.Dispute(UUID.randomUUID(), caseNo, type, "PARTY_APPLICATION", "PEOPLES", "", null, "YELLOW",
                closed == null ? "IN_MEDIATION" : "CLOSED", area, null, registeredAt, registeredAt.plusSeconds(30 * 86400L),
                time(closed), outcome, amount == null ? null : new BigDecimal(amount), false, "T", 1);
    }
}
