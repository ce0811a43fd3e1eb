package cn.zongzhi.reports;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** October 2026 of {@link KpiFixture}, as data, as a workbook and as a printed PDF. */
class MonthlyReportTest {
    @TempDir
    static Path folder;
    private static Database database;
    private static MonthlyReport report;

    @BeforeAll
    static void build() {
        database = TestDatabases.fresh(folder);
        KpiFixture.write(database.dsl());
        Messages messages = Messages.forLanguage("zh");
        KpiService kpis = new KpiService(database.dsl(), new CalendarService(database.dsl())::calendar,
                WorkingHours.standard(), messages);
        report = new MonthlyReportService(database.dsl(), kpis, messages)
                .build(YearMonth.of(2026, 10), null, KpiFixture.ZONE, KpiFixture.NOW);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theMonthsBreakdowns() {
        // Taken in during October: I3, I4, I5, I10, I11, I14, I15; closed by its end: I3, I10, I11, I14.
        assertThat(report.kpis().figure(Kpi.CLOSURE_RATE).value()).isEqualByComparingTo("0.5714");
        Map<LocalDate, MonthlyReport.Day> days = report.days().stream()
                .collect(Collectors.toMap(MonthlyReport.Day::day, day -> day));
        assertThat(report.days()).hasSize(31);
        // Taken in: I11 on the 5th (reported, imported), I3 on the 9th, I10 on the 10th (the make-up Saturday).
        assertThat(days.get(LocalDate.of(2026, 10, 5)).takenIn()).isEqualTo(1);
        assertThat(days.get(LocalDate.of(2026, 10, 10)).takenIn()).isEqualTo(1);
        // Closed on the 9th: I2, taken in on 30 September; closures count whenever the case was taken in.
        assertThat(days.get(LocalDate.of(2026, 10, 9))).isEqualTo(new MonthlyReport.Day(LocalDate.of(2026, 10, 9), 1, 1));
        assertThat(report.days().stream().mapToInt(MonthlyReport.Day::takenIn).sum()).isEqualTo(7);
        // Closed in October: I11 (6th), I2 (9th), I3 (13th), I10 (15th), I14 (27th); not I1 (Sept) nor I4 (1 Nov).
        assertThat(report.days().stream().mapToInt(MonthlyReport.Day::closed).sum()).isEqualTo(5);

        // 市容环境: I3, I10 (0102) and I14 (0101), all closed; 街面秩序: I4, I5, I15, none closed by the 31st.
        assertThat(report.categories()).extracting(MonthlyReport.Group::label, MonthlyReport.Group::takenIn,
                MonthlyReport.Group::closed).containsExactly(tuple("市容环境", 3, 3), tuple("街面秩序", 3, 0), tuple("未分类", 1, 1));
        assertThat(report.channels()).extracting(MonthlyReport.Group::key, MonthlyReport.Group::takenIn,
                MonthlyReport.Group::closed).startsWith(tuple("HOTLINE_12345", 2, 1));
        assertThat(report.channels()).extracting(MonthlyReport.Group::label).contains("12345热线", "网格员APP");
        // Open at the month's end in 同德 (B): I4, I5, I9 (on the comprehensive grid itself), I15; overdue now I5, I9.
        assertThat(report.grids()).extracting(MonthlyReport.GridLoad::name, MonthlyReport.GridLoad::community,
                        MonthlyReport.GridLoad::open, MonthlyReport.GridLoad::overdue)
                .containsExactly(tuple("同德社区第1网格", "同德社区", 4, 2), tuple("景泰社区第1网格", "景泰社区", 2, 0));
        // D1 neighbours (agreement, 2,000), D2 labour (failed, referred), D3 contract (open); not D4 (August).
        assertThat(report.mediation().total().accepted()).isEqualTo(3);
        assertThat(report.mediation().total().concluded()).isEqualTo(2);
        assertThat(report.mediation().total().referred()).isEqualTo(1);
    }

    @Test
    void theWorkbookHasEveryPartWithNumbersAsNumbers() throws Exception {
        Path xlsx = folder.resolve("2026-10.xlsx");
        new MonthlyReportWriter(Messages.forLanguage("zh")).write(report, xlsx);
        try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook workbook = new ReadableWorkbook(in)) {
            assertThat(workbook.getSheets().map(Sheet::getName).toList())
                    .containsExactly("指标", "每日", "类别", "渠道", "网格", "调解");
            List<Row> figures = workbook.getSheet(0).orElseThrow().read();
            assertThat(figures.get(0).getCellText(0)).isEqualTo("全辖区综治工作月报 · 2026年10月");
            Row closure = figures.stream().filter(row -> "办结率".equals(row.getCellText(0))).findFirst().orElseThrow();
            assertThat(closure.getCellAsNumber(1).orElseThrow()).isEqualByComparingTo("0.5714");
            assertThat(closure.getCellAsNumber(2).orElseThrow()).isEqualByComparingTo("4");
            assertThat(closure.getCellAsNumber(3).orElseThrow()).isEqualByComparingTo("7");
            assertThat(closure.getCellText(4)).contains("÷");

            List<Row> daily = workbook.getSheet(1).orElseThrow().read();
            Row total = daily.get(daily.size() - 1);
            assertThat(total.getCellText(0)).isEqualTo("合计");
            assertThat(total.getCellAsNumber(1).orElseThrow()).isEqualByComparingTo("7");
            assertThat(total.getCellAsNumber(2).orElseThrow()).isEqualByComparingTo("5");

            List<Row> grids = workbook.getSheet(4).orElseThrow().read();
            assertThat(grids.get(1).getCellText(0)).isEqualTo("同德社区第1网格");
            assertThat(grids.get(1).getCellAsNumber(2).orElseThrow()).isEqualByComparingTo("4");

            List<Row> mediation = workbook.getSheet(5).orElseThrow().read();
            assertThat(mediation.stream().map(row -> row.getCellText(0)).toList()).contains("邻里纠纷", "劳动争议纠纷", "合计");
        }
    }

    @Test
    void thePdfCarriesTheChineseHeadingsAndTheFigures() throws Exception {
        Path pdf = folder.resolve("2026-10.pdf");
        new MonthlyReportWriter(Messages.forLanguage("zh")).write(report, pdf);
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("全辖区综治工作月报", "2026年10月", "一、主要指标", "二、每日立案与结案",
                    "五、在办与超期事件最多的网格", "六、矛盾纠纷调解结果（按纠纷类型）", "办结率", "57.1%", "同德社区第1网格",
                    "邻里纠纷", "第 1 页");
            assertThat(text).doesNotContain("!report.", "!kpi.");
            assertThat(document.getNumberOfPages()).isBetween(2, 5);
        }
    }
    @Test
    void anEnglishReportNamesEverythingInEnglish() throws Exception {
        Messages english = Messages.forLanguage("en");
        KpiService kpis = new KpiService(database.dsl(), new CalendarService(database.dsl())::calendar,
                WorkingHours.standard(), english);
        MonthlyReport inEnglish = new MonthlyReportService(database.dsl(), kpis, english)
                .build(YearMonth.of(2026, 10), null, KpiFixture.ZONE, KpiFixture.NOW);
        Path xlsx = folder.resolve("2026-10-en.xlsx");
        new MonthlyReportWriter(english).write(inEnglish, xlsx);
        try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook workbook = new ReadableWorkbook(in)) {
            List<String> types = workbook.getSheet(5).orElseThrow().read().stream().map(row -> row.getCellText(0)).toList();
            assertThat(types).contains("Neighbours", "Labour").doesNotContain("邻里纠纷", "劳动争议纠纷");
        }
        Path pdf = folder.resolve("2026-10-en.pdf");
        new MonthlyReportWriter(english).write(inEnglish, pdf);
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Neighbours", "Labour").doesNotContain("邻里纠纷", "!report.", "!kpi.");
        }
    }
}
