package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.reports.Kpi;
import cn.zongzhi.reports.KpiFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report kpi} and {@code report --month} on the hand-counted data set of the reports' tests. */
class ReportCommandTest {
    /** 2 November 2026, 10:00 office time: the fixture's "now". */
    private static final String NOW = "2026-11-02T02:00:00Z";

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;
    private Path db;

    @BeforeEach
    void data() {
        db = folder.resolve("zongzhi");
        try (Database database = Database.open(db)) {
            KpiFixture.write(database.dsl());
        }
    }

    @Test
    void kpiPrintsOneJsonObjectWithEveryFigure() throws Exception {
        int exit = Main.run("--db", db.toString(), "report", "kpi", "--from", "2026-09-28", "--to", "2026-10-31",
                "--format", "json", "--now", NOW);

        assertThat(exit).as(output.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(output.out());
        assertThat(json.get("from").asText()).isEqualTo("2026-09-28");
        assertThat(json.get("to").asText()).isEqualTo("2026-10-31");
        assertThat(json.get("area").isNull()).isTrue();
        assertThat(json.get("asOf").asText()).isEqualTo("2026-11-01T00:00+08:00");
        List<String> names = new ArrayList<>();
        json.get("kpis").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly(java.util.Arrays.stream(Kpi.values()).map(Kpi::key).toArray(String[]::new));
        for (JsonNode figure : json.get("kpis")) {
            assertThat(figure.has("value")).isTrue();
            assertThat(figure.has("numerator")).isTrue();
            assertThat(figure.has("denominator")).isTrue();
            assertThat(figure.get("formula").asText()).isNotBlank();
            assertThat(figure.get("window").get("from").asText()).isEqualTo("2026-09-28");
        }
        // The counts of KpiServiceTest: 6 of the 9 taken in were closed by the window's end.
        JsonNode closure = json.get("kpis").get("closureRate");
        assertThat(closure.get("name").asText()).isEqualTo("closureRate");
        assertThat(closure.get("label").asText()).isEqualTo("办结率");
        assertThat(closure.get("value").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(closure.get("numerator").asInt()).isEqualTo(6);
        assertThat(closure.get("denominator").asInt()).isEqualTo(9);
        assertThat(closure.get("unit").asText()).isEqualTo("rate");
        JsonNode hours = json.get("kpis").get("handlingHours");
        assertThat(hours.get("value").decimalValue()).isEqualByComparingTo("11.33");
        assertThat(hours.get("unit").asText()).isEqualTo("working_hours");
        JsonNode accepted = json.get("kpis").get("accepted");
        assertThat(accepted.get("value").asInt()).isEqualTo(9);
        assertThat(accepted.get("denominator").isNull()).isTrue();
        assertThat(json.get("kpis").get("overdue").get("window").get("asOf").asText()).isEqualTo("2026-11-02T10:00+08:00");
    }

    @Test
    void kpiOfOneStreetInEnglish() throws Exception {
        int exit = Main.run("--db", db.toString(), "report", "kpi", "--from", "2026-09-28", "--to", "2026-10-31",
                "--area", "440111004000", "--lang", "en", "--now", NOW);

        assertThat(exit).as(output.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(output.out());
        assertThat(json.get("area").get("code").asText()).isEqualTo("440111004");
        assertThat(json.get("area").get("name").asText()).isEqualTo("景泰街道");
        assertThat(json.get("kpis").get("closureRate").get("label").asText()).isEqualTo("Closure rate");
        assertThat(json.get("kpis").get("accepted").get("value").asInt()).isEqualTo(5);
        assertThat(json.get("kpis").get("mediationSuccessRate").get("value").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void mistakesAreOneLineAndANonZeroExit() {
        assertThat(Main.run("--db", db.toString(), "report", "kpi", "--from", "2026-10-31", "--to", "2026-10-01"))
                .isEqualTo(2);
        assertThat(Main.run("--db", db.toString(), "report", "kpi", "--from", "2026-10-01", "--to", "2026-10-31",
                "--area", "440999")).isEqualTo(2);
        assertThat(Main.run("--db", folder.resolve("nothing").toString(), "report", "kpi", "--from", "2026-10-01",
                "--to", "2026-10-31")).isEqualTo(2);
        assertThat(Main.run("--db", db.toString(), "report", "--month", "2026-10", "--out", folder.resolve("r.docx").toString()))
                .isEqualTo(2);
        assertThat(output.err()).contains("错误 error: --to 2026-10-01 is before --from 2026-10-31",
                "no area with code 440999", "no database at", "--out must end in .xlsx or .pdf").doesNotContain("\tat ");
    }

    @Test
    void theMonthlyReportAsPdfAndXlsx() throws Exception {
        Path pdf = folder.resolve("2026-10.pdf");
        assertThat(Main.run("--db", db.toString(), "report", "--month", "2026-10", "--area", "440111005",
                "--out", pdf.toString(), "--now", NOW)).as(output.err()).isZero();
        assertThat(output.out()).contains("monthly report 2026-10 (同德街道) written to");
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document);
            // 同德 (B) in October: I4, I5, I11, I15 taken in, I11 closed: 25.0%.
            assertThat(text).contains("同德街道综治工作月报", "2026年10月", "办结率", "25.0%", "劳动争议纠纷");
        }
        Path xlsx = folder.resolve("2026-10.xlsx");
        assertThat(Main.run("--db", db.toString(), "report", "--month", "2026-10", "--out", xlsx.toString(),
                "--now", NOW)).isZero();
        assertThat(Files.size(xlsx)).isPositive();
        assertThat(folder.toFile().list()).noneMatch(name -> name.startsWith(".report-"));
    }
}
