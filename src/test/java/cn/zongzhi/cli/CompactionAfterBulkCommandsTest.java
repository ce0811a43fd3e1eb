package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that write a great deal, demo and an incident import that added rows, end by compacting the database
 * file and say so with its size before and after (decision 0020); an import that added nothing leaves it alone.
 */
class CompactionAfterBulkCommandsTest {
    private static final Pattern COMPACTED = Pattern.compile("database file compacted: ([\\d,]+) MB to ([\\d,]+) MB in [\\d.]+ s");

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    @Test
    void demoAndAnImportThatAddedRowsCompactTheFileAndAnImportThatAddedNothingDoesNot() throws Exception {
        Path office = folder.resolve("office/zongzhi");
        assertThat(Main.run("--db", office.toString(), "demo", "--incidents", "400")).isZero();
        Matcher afterDemo = COMPACTED.matcher(output.out());
        assertThat(afterDemo.find()).as(output.out()).isTrue();
        assertThat(megabytes(afterDemo.group(2))).isEqualTo(megabytesOf(Path.of(office + ".mv.db")));

        Path csv = folder.resolve("incidents.csv");
        assertThat(Main.run("--db", office.toString(), "export", "incidents", "--out", csv.toString())).isZero();
        Path another = folder.resolve("another/zongzhi");
        assertThat(Main.run("--db", another.toString(), "demo", "--incidents", "0")).isZero();
        output.reset();
        assertThat(Main.run("--db", another.toString(), "import", "incidents", csv.toString())).isZero();
        assertThat(output.out()).contains("400 imported");
        Matcher afterImport = COMPACTED.matcher(output.out());
        assertThat(afterImport.find()).as(output.out()).isTrue();
        assertThat(megabytes(afterImport.group(2))).isEqualTo(megabytesOf(Path.of(another + ".mv.db")));
        try (Database reopened = Database.open(another)) {
            assertThat(reopened.dsl().fetchCount(INCIDENT)).isEqualTo(400);
        }

        // The same file again: nothing added, nothing to compact.
        output.reset();
        assertThat(Main.run("--db", another.toString(), "import", "incidents", csv.toString())).isZero();
        assertThat(output.out()).contains("0 imported, 400 already present").doesNotContain("database file compacted");
    }

    private static long megabytes(String printed) {
        return Long.parseLong(printed.replace(",", ""));
    }

    private static long megabytesOf(Path file) throws java.io.IOException {
        return (Files.size(file) + (1 << 20) - 1) >> 20;
    }
}
