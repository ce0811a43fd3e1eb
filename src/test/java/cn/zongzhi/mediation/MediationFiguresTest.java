package cn.zongzhi.mediation;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Every figure below is counted by hand from the six cases written in {@link #cases()}. */
class MediationFiguresTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;
    private Database database;
    private MediationFigures figures;

    @BeforeEach
    void cases() {
        database = TestDatabases.fresh(folder);
        MediationRepository desk = new MediationRepository(database.dsl());
        desk.upsertMediators(List.of(new MediationRows.Mediator("M1", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null),
                new MediationRows.Mediator("M2", "李调解", "LAWYER", "CONTRACT", null, null)));
        List<MediationRows.Dispute> rows = new ArrayList<>();
        rows.add(dispute("D1", "NEIGHBOUR", "M1", "2026-10-05T10:00", "2026-10-20T15:00", "AGREEMENT", "2000"));
        // Registered at 23:30 on 31 October and closed half past midnight on 1 November, office time: the
        // months are the office's, not UTC's (both instants fall on 31 October in UTC).
        rows.add(dispute("D2", "NEIGHBOUR", "M1", "2026-10-31T23:30", "2026-11-01T00:30", "FAILED", null));
        rows.add(dispute("D3", "CONTRACT", "M2", "2026-11-02T09:00", "2026-11-10T09:00", "AGREEMENT", "500.50"));
        rows.add(dispute("D4", "CONTRACT", null, "2026-11-03T09:00", null, null, null));
        // Registered before the window, withdrawn inside it: concluded in October, not accepted.
        rows.add(dispute("D5", "LABOUR", "M2", "2026-09-20T09:00", "2026-10-02T09:00", "WITHDRAWN", null));
        // Accepted and concluded after the window: counted nowhere.
        rows.add(dispute("D6", "LABOUR", "M2", "2026-12-01T09:00", "2026-12-02T09:00", "AGREEMENT", "99"));
        desk.insertDisputes(rows, List.of(), List.of());
        database.dsl().update(DISPUTE).set(DISPUTE.REFERRAL, "FAST_TRACK_COURT").where(DISPUTE.CASE_NO.eq("D2")).execute();
        // A voided record counts nowhere either.
        desk.insertDisputes(List.of(dispute("D7", "NEIGHBOUR", "M1", "2026-10-06T09:00", null, null, null)), List.of(), List.of());
        database.dsl().update(DISPUTE).set(DISPUTE.VOIDED, true).where(DISPUTE.CASE_NO.eq("D7")).execute();
        figures = new MediationFigures(database.dsl(), ZONE);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static MediationRows.Dispute dispute(String caseNo, String type, String mediator, String registered, String closed,
                                                 String outcome, String amount) {
        Instant registeredAt = LocalDateTime.parse(registered).atZone(ZONE).toInstant();
        Instant closedAt = closed == null ? null : LocalDateTime.parse(closed).atZone(ZONE).toInstant();
        return new MediationRows.Dispute(UUID.randomUUID(), caseNo, type, "PARTY_APPLICATION", "PEOPLES", "", null, "YELLOW",
                closed == null ? "IN_MEDIATION" : "CLOSED", null, mediator, registeredAt, registeredAt.plusSeconds(30 * 86400L),
                closedAt, outcome, amount == null ? null : new BigDecimal(amount), false, "T", 1);
    }

    private static final LocalDate FROM = LocalDate.of(2026, 10, 1);
    private static final LocalDate TO = LocalDate.of(2026, 11, 30);

    @Test
    void byMonthOnTheOfficesCalendar() {
        var table = figures.figures(MediationFigures.Dimension.MONTH, FROM, TO);
        assertThat(table.rows()).extracting(MediationFigures.Row::key, MediationFigures.Row::accepted, MediationFigures.Row::concluded,
                        MediationFigures.Row::agreements, MediationFigures.Row::failed, MediationFigures.Row::withdrawn,
                        MediationFigures.Row::referred)
                .containsExactly(tuple("2026-10", 2, 2, 1, 0, 1, 0), tuple("2026-11", 2, 2, 1, 1, 0, 1));
        assertThat(table.rows().get(0).agreedAmount()).isEqualByComparingTo("2000");
        assertThat(table.rows().get(1).agreedAmount()).isEqualByComparingTo("500.50");
        assertThat(table.rows().get(0).successRate()).isEqualByComparingTo("0.5");
    }

    @Test
    void byTypeBusiestFirstWithTotals() {
        var table = figures.figures(MediationFigures.Dimension.TYPE, FROM, TO);
        assertThat(table.rows()).extracting(MediationFigures.Row::key, MediationFigures.Row::accepted, MediationFigures.Row::concluded,
                        MediationFigures.Row::agreements)
                .containsExactly(tuple("CONTRACT", 2, 1, 1), tuple("NEIGHBOUR", 2, 2, 1), tuple("LABOUR", 0, 1, 0));
        assertThat(table.rows().get(0).successRate()).isEqualByComparingTo("1");
        assertThat(table.rows().get(2).successRate()).isEqualByComparingTo("0");
        MediationFigures.Row total = table.total();
        assertThat(total.accepted()).isEqualTo(4);
        assertThat(total.concluded()).isEqualTo(4);
        assertThat(total.agreements()).isEqualTo(2);
        assertThat(total.referred()).isEqualTo(1);
        assertThat(total.successRate()).isEqualByComparingTo("0.5");
        assertThat(total.agreedAmount()).isEqualByComparingTo("2500.50");
    }

    @Test
    void byMediatorWithTheUnassignedAsTheirOwnGroup() {
        var table = figures.figures(MediationFigures.Dimension.MEDIATOR, FROM, TO);
        assertThat(table.rows()).extracting(MediationFigures.Row::key, MediationFigures.Row::label, MediationFigures.Row::accepted,
                        MediationFigures.Row::concluded, MediationFigures.Row::agreements, MediationFigures.Row::withdrawn)
                .containsExactly(tuple("M1", "王调解", 2, 2, 1, 0), tuple("", null, 1, 0, 0, 0), tuple("M2", "李调解", 1, 2, 1, 1));
        assertThat(table.rows().get(1).successRate()).as("nothing concluded: no rate").isNull();
    }

    @Test
    void anEmptyWindowHasNoRowsAndNoRate() {
        var table = figures.figures(MediationFigures.Dimension.TYPE, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31));
        assertThat(table.rows()).isEmpty();
        assertThat(table.total().accepted()).isZero();
        assertThat(table.total().successRate()).isNull();
    }

    @Test
    void theTabsWindowsGroupsAndWordsFollowTheOfficesCalendar() {
        var clock = new cn.zongzhi.MutableClock(LocalDateTime.parse("2026-11-15T10:00").atZone(ZONE).toInstant());
        var model = new MediationFiguresViewModel(figures, new cn.zongzhi.common.SameThreadRunner(),
                cn.zongzhi.common.Messages.forLanguage("zh"), clock, ZONE);
        assertThat(model.fromProperty().get()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(model.toProperty().get()).isEqualTo(LocalDate.of(2026, 11, 15));
        model.windowProperty().set(MediationFiguresViewModel.Window.LAST_MONTH);
        assertThat(model.fromProperty().get()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(model.toProperty().get()).isEqualTo(LocalDate.of(2026, 10, 31));
        model.refresh();
        // October: D1 and D2 accepted; D1 (agreement, 2,000) and D5 (withdrawn) concluded.
        assertThat(model.rows()).extracting(model::label).containsExactly("邻里纠纷", "劳动争议纠纷");
        assertThat(model.summaryProperty().get())
                .isEqualTo("2026-10-01 至 2026-10-31：受理 2 件，调结 2 件，达成协议 1 件，调解成功率 50.0%，协议金额 2,000.00 元，移送法院 0 件");

        model.windowProperty().set(MediationFiguresViewModel.Window.CUSTOM);
        model.fromProperty().set(LocalDate.of(2026, 11, 30));
        model.toProperty().set(LocalDate.of(2026, 11, 1));
        model.refresh();
        assertThat(model.messageProperty().get()).isEqualTo("请选择开始和结束日期，结束日期不早于开始日期。");
        assertThat(model.rows()).as("the last good figures stay").hasSize(2);

        model.dimensionProperty().set(MediationFigures.Dimension.MEDIATOR);
        model.windowProperty().set(MediationFiguresViewModel.Window.LAST_12_MONTHS);
        assertThat(model.fromProperty().get()).isEqualTo(LocalDate.of(2025, 12, 1));
        model.refresh();
        // Twelve months reach back to D5 (registered in September): 李调解 has accepted two, like 王调解.
        assertThat(model.rows()).extracting(model::label).containsExactly("王调解", "李调解", "未分派调解员");
        assertThat(model.rows()).extracting(model::rate).containsExactly("50.0%", "50.0%", "—");
    }
}
