package cn.zongzhi.areas;

import cn.zongzhi.SharedData;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AreaImportServiceTest {
    private static final Path DIVISIONS = SharedData.file("divisions/china-division-2.7.0");

    @TempDir
    Path folder;

    private Database database;
    private AreaImportService importer;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        importer = new AreaImportService(database.dsl());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void importsTheRealDivisionFilesLevelByLevel() {
        assertThat(importer.importFile(DIVISIONS.resolve("provinces.csv"), Progress.NONE).inserted()).isEqualTo(31);
        assertThat(importer.importFile(DIVISIONS.resolve("cities.csv"), Progress.NONE).inserted()).isEqualTo(342);
        AreaImportSummary counties = importer.importFile(DIVISIONS.resolve("areas.csv"), Progress.NONE);
        // Dongguan, Zhongshan and Danzhou have no counties: their county rows repeat the city's code.
        assertThat(counties.rejects()).extracting(AreaImportSummary.Reject::code).containsExactly("441900", "442000", "460400");
        assertThat(counties.rejects().get(0).line()).isEqualTo(1941);
        importer.importFile(DIVISIONS.resolve("streets.csv"), Progress.NONE);
        AreaImportSummary villages = importer.importFile(DIVISIONS.resolve("villages-44-guangdong.csv"), Progress.NONE);
        assertThat(villages.rejects()).isEmpty();

        AreaRepository areas = new AreaRepository(database.dsl());
        assertThat(areas.find("440111")).get().extracting(AdminArea::name).isEqualTo("白云区");
        assertThat(areas.children("440111")).hasSize(24);
        long baiyunCommunities = areas.children("440111").stream().mapToLong(town -> areas.children(town.code()).size()).sum();
        assertThat(baiyunCommunities).isEqualTo(404);
        // Dongguan's towns hang directly under the city.
        assertThat(areas.children("4419")).hasSize(36);
    }

    @Test
    void importingTheSameFileTwiceUpdatesAndDuplicatesNothing() {
        Path bundled = folder.resolve("baiyun.csv");
        copyResource("/cn/zongzhi/demo/baiyun-440111.csv", bundled);

        AreaImportSummary first = importer.importFile(bundled, Progress.NONE);
        AreaImportSummary second = importer.importFile(bundled, Progress.NONE);

        assertThat(first.inserted()).isEqualTo(431);
        assertThat(second.inserted()).isZero();
        assertThat(second.updated()).isEqualTo(431);
        assertThat(new AreaRepository(database.dsl()).count(AreaLevel.COMMUNITY)).isEqualTo(404);
    }

    @Test
    void listsEveryBadRowWithItsLineAndReasonAndKeepsTheGoodOnes() throws Exception {
        Path file = folder.resolve("bad.csv");
        Files.writeString(file, String.join("\n",
                "code,name,parent_code,level",
                "440000000000,广东省,,PROVINCE",
                "4401,广州市,440000000000,CITY",
                "44011X,坏代码,440100000000,DISTRICT",
                "440111,白云区,440100000000,DISTRICT",
                "440111,白云区重复,440100000000,DISTRICT",
                "440112,黄埔区,999900000000,DISTRICT",
                "440113,番禺区,440100000000,COUNTY",
                "450101,错位区,440100000000,DISTRICT",
                "440114,,440100000000,DISTRICT",
                "440115,\"南沙区\",440100000000"), StandardCharsets.UTF_8);

        AreaImportSummary summary = importer.importFile(file, Progress.NONE);

        assertThat(summary.inserted()).isEqualTo(3);
        assertThat(summary.rejects()).extracting(AreaImportSummary.Reject::line).containsExactly(4L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(summary.rejects().get(0).reason()).contains("not all digits");
        assertThat(summary.rejects().get(1).reason()).contains("twice");
        assertThat(summary.rejects().get(2).reason()).contains("not lie under its parent");
        assertThat(summary.rejects().get(3).reason()).contains("COUNTY");
        assertThat(summary.rejects().get(4).reason()).contains("not lie under");
        assertThat(summary.rejects().get(5).reason()).contains("name is empty");
        assertThat(summary.rejects().get(6).reason()).contains("columns");
    }

    @Test
    void anOrphanIsRefusedWithAHintToImportItsParentFirst() {
        AreaImportSummary summary = importer.importFile(DIVISIONS.resolve("cities.csv"), Progress.NONE);

        assertThat(summary.inserted()).isZero();
        assertThat(summary.rejects()).hasSize(342);
        assertThat(summary.rejects().get(0).reason()).isEqualTo("parent 11 not found; import the province level first");
    }

    @Test
    void anUnknownLayoutOrEncodingIsAClearError() throws Exception {
        Path unknown = folder.resolve("unknown.csv");
        Files.writeString(unknown, "id,title\n1,x\n");
        Path gbk = folder.resolve("gbk.csv");
        Files.write(gbk, "code,name\n44,广东省\n".getBytes("GBK"));

        assertThatThrownBy(() -> importer.importFile(unknown, Progress.NONE)).isInstanceOf(AreaImportException.class)
                .hasMessageContaining("unrecognised header").hasMessageContaining("code,name,parent_code,level");
        assertThatThrownBy(() -> importer.importFile(gbk, Progress.NONE)).isInstanceOf(AreaImportException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> importer.importFile(folder.resolve("missing.csv"), Progress.NONE))
                .hasMessageContaining("no such file");
    }

    private static void copyResource(String resource, Path target) {
        try (var in = AreaImportServiceTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
