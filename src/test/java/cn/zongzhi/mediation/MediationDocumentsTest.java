package cn.zongzhi.mediation;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The printed agreement carries the fields the law asks for, in Chinese that extracts and renders. */
class MediationDocumentsTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;
    private Database database;
    private DisputeService disputes;
    private final MediationDocuments documents = new MediationDocuments("松柏街人民调解委员会", ZONE);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder.resolve("db"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        disputes = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "TEST", "BY", cn.zongzhi.TestOperators.receptionist());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theAgreementHasPartiesFactsTermsAndPerformanceAndEmbedsItsChineseFont() throws Exception {
        var registered = disputes.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES",
                new BigDecimal("3000"), "楼上漏水致楼下天花板受损", "YELLOW", null, null, List.of(
                new DisputeService.NewParty("APPLICANT", "PERSON", "张三", "110102199101010078", "13800001234", "松柏街1号", null),
                new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, null, "松柏街1号楼上", "王律师"))));
        assertThatThrownBy(() -> disputes.printDocument(registered.caseNo(), MediationDocuments.Kind.AGREEMENT, documents,
                folder.resolve("early.pdf"))).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.document.noAgreement"));
        assertThat(Files.exists(folder.resolve("early.pdf"))).isFalse();

        disputes.recordOutcome(registered.id(), 0, new DisputeService.Outcome("AGREEMENT", "李四承担维修费用2000元",
                new BigDecimal("2000"), "微信转账", LocalDate.of(2026, 12, 15), null, null));
        Path pdf = folder.resolve("agreement.pdf");
        disputes.printDocument(registered.caseNo(), MediationDocuments.Kind.AGREEMENT, documents, pdf);

        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", "");
            assertThat(text).contains("人民调解协议书", "案号：" + registered.caseNo(), "申请人：张三", "1991年1月1日出生",
                    "公民身份号码110102199101010078", "被申请人：李四", "代理人王律师", "楼上漏水致楼下天花板受损",
                    "李四承担维修费用2000元", "协议金额：2000.00元", "微信转账，于2026年12月15日前履行完毕",
                    "三十日内共同向人民法院申请司法确认（至2026年12月23日）", "松柏街人民调解委员会（印章）");
            List<PDFont> fonts = new ArrayList<>();
            for (var name : document.getPage(0).getResources().getFontNames()) {
                fonts.add(document.getPage(0).getResources().getFont(name));
            }
            assertThat(fonts).filteredOn(font -> font.getName().contains("DroidSansFallback"))
                    .singleElement().satisfies(font -> assertThat(font.isEmbedded()).isTrue());
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 40);
            int dark = 0;
            for (int x = 0; x < page.getWidth(); x++) {
                for (int y = 0; y < page.getHeight() / 4; y++) {
                    if ((page.getRGB(x, y) & 0xff) < 128) {
                        dark++;
                    }
                }
            }
            assertThat(dark).as("the title and first lines are drawn, not blank boxes").isGreaterThan(200);
        }

        for (MediationDocuments.Kind kind : List.of(MediationDocuments.Kind.ACCEPTANCE, MediationDocuments.Kind.NOTICE,
                MediationDocuments.Kind.FOLLOW_UP)) {
            Path other = folder.resolve(kind + ".pdf");
            disputes.printDocument(registered.caseNo(), kind, documents, other);
            try (PDDocument document = Loader.loadPDF(other.toFile())) {
                assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", "")).contains(kind.title(), "张三");
            }
        }
    }
}
