package cn.zongzhi.mediation;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The desk's printed documents as PDF, A4, with the Chinese font embedded (a subset of Droid Sans Fallback,
 * Apache-2.0) so they read the same on any machine: the acceptance registration form (受理登记表), the notice
 * of rights and duties (告知书), the mediation agreement (调解协议书, with what article 29 of the People's
 * Mediation Law asks for) and the follow-up record (回访记录).
 */
public final class MediationDocuments {
    private static final String FONT = "/cn/zongzhi/fonts/DroidSansFallbackFull.ttf";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final float MARGIN = 64;
    private static final float BODY = 11.5f;
    private static final org.apache.pdfbox.pdmodel.font.PDFont LATIN =
            new org.apache.pdfbox.pdmodel.font.PDType1Font(org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);

    /** The documents there are. */
    public enum Kind {
        ACCEPTANCE("受理登记表"), NOTICE("人民调解权利义务告知书"), AGREEMENT("人民调解协议书"), FOLLOW_UP("调解协议履行回访记录");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        /** The command line's word for it. */
        public static Kind parse(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "acceptance" -> ACCEPTANCE;
                case "notice" -> NOTICE;
                case "agreement" -> AGREEMENT;
                case "follow-up", "followup" -> FOLLOW_UP;
                default -> null;
            };
        }
    }

    private final String committeeName;
    private final ZoneId zone;

    /** @param committeeName the mediation committee or centre that issues the documents */
    public MediationDocuments(String committeeName, ZoneId zone) {
        this.committeeName = committeeName;
        this.zone = zone;
    }

    /** Writes the document atomically; refuses an agreement for a case that did not end in one. */
    public void write(Kind kind, DisputeRepository.CaseFile file, LocalDate printedOn, Path out) {
        if (kind == Kind.AGREEMENT && !"AGREEMENT".equals(file.outcome())) {
            throw new DisputeRefused("mediation.document.noAgreement", file.caseNo());
        }
        try (PDDocument document = new PDDocument(); InputStream font = MediationDocuments.class.getResourceAsStream(FONT)) {
            if (font == null) {
                throw new IllegalStateException("font missing from the classpath: " + FONT);
            }
            PDType0Font chinese = PDType0Font.load(document, font, true);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(kind.title() + " " + file.caseNo());
            info.setCreator("Zongzhi Console");
            Writer writer = new Writer(document, chinese);
            writer.title(kind.title());
            writer.right("案号：" + file.caseNo());
            switch (kind) {
                case ACCEPTANCE -> acceptance(writer, file);
                case NOTICE -> notice(writer, file);
                case AGREEMENT -> agreement(writer, file, printedOn);
                case FOLLOW_UP -> followUp(writer, file);
            }
            writer.close();
            Path temporary = Files.createTempFile(out.toAbsolutePath().getParent(), ".document", ".pdf.part");
            try {
                document.save(temporary.toFile());
                Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptance(Writer writer, DisputeRepository.CaseFile file) throws IOException {
        writer.field("受理机构", committeeName);
        writer.field("受理日期", DATE.format(file.registeredAt().atZone(zone)));
        writer.field("纠纷类型", DisputeType.chineseNameOf(file.type()));
        writer.field("纠纷来源", source(file.source()));
        writer.field("涉及金额", money(file.amount()));
        writer.field("办理期限", file.dueAt() == null ? "" : DATE.format(file.dueAt().atZone(zone)));
        writer.section("当事人");
        parties(writer, file);
        writer.section("纠纷简要情况");
        writer.paragraph(file.summary());
        writer.gap();
        writer.paragraph("受理意见：经审查，该纠纷属于人民调解受理范围，当事人自愿申请调解，予以受理。");
        writer.signatures(List.of("登记人（签名）：", "日期：" + DATE.format(file.registeredAt().atZone(zone))));
    }

    private void notice(Writer writer, DisputeRepository.CaseFile file) throws IOException {
        writer.paragraph("当事人：" + String.join("、", file.parties().stream().map(DisputeRepository.PartyRow::name).toList()));
        writer.paragraph("人民调解委员会依照《中华人民共和国人民调解法》，在当事人自愿、平等的基础上进行调解。现将当事人在调解活动中享有的权利和承担的义务告知如下：");
        writer.section("当事人享有下列权利");
        writer.paragraph("一、选择或者接受人民调解员；");
        writer.paragraph("二、接受调解、拒绝调解或者要求终止调解；");
        writer.paragraph("三、要求调解公开进行或者不公开进行；");
        writer.paragraph("四、自主表达意愿、自愿达成调解协议。");
        writer.section("当事人应当履行下列义务");
        writer.paragraph("一、如实陈述纠纷事实；");
        writer.paragraph("二、遵守调解现场秩序，尊重人民调解员；");
        writer.paragraph("三、尊重对方当事人行使权利。");
        writer.gap();
        writer.paragraph("经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。");
        writer.signatures(List.of("当事人（签名）：", "告知人（签名）：", "日期："));
    }

    private void agreement(Writer writer, DisputeRepository.CaseFile file, LocalDate printedOn) throws IOException {
        writer.section("当事人基本情况");
        parties(writer, file);
        writer.section("纠纷主要事实、争议事项");
        writer.paragraph(file.summary());
        writer.section("经调解，自愿达成如下协议");
        writer.paragraph(file.terms() == null || file.terms().isBlank() ? "（协议内容未录入）" : file.terms());
        if (file.agreedAmount() != null) {
            writer.field("协议金额", money(file.agreedAmount()));
        }
        writer.section("履行方式、期限");
        writer.paragraph((file.performanceMethod() == null ? "按上述约定履行" : file.performanceMethod())
                + (file.performBy() == null ? "。" : "，于" + DATE.format(file.performBy()) + "前履行完毕。"));
        writer.gap();
        writer.paragraph("本协议自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式"
                + (file.parties().size() + 1) + "份，当事人各执一份，人民调解委员会留存一份。");
        writer.paragraph("双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认"
                + (file.confirmationDue() == null ? "。" : "（至" + DATE.format(file.confirmationDue()) + "）。"));
        List<String> signatures = new ArrayList<>();
        file.parties().forEach(party -> signatures.add(role(party.role()) + " " + party.name() + "（签名）："));
        signatures.add("人民调解员" + (file.mediatorName() == null ? "" : " " + file.mediatorName()) + "（签名）：");
        signatures.add(committeeName + "（印章）");
        signatures.add(DATE.format(printedOn));
        writer.signatures(signatures);
    }

    private void followUp(Writer writer, DisputeRepository.CaseFile file) throws IOException {
        writer.field("调解结果", file.outcome() == null ? "" : DisputeOutcomeNames.of(file.outcome()));
        writer.field("协议内容", file.terms() == null ? "" : file.terms());
        writer.field("履行期限", file.performBy() == null ? "" : DATE.format(file.performBy()));
        writer.field("回访日期", file.followUpDue() == null ? "" : DATE.format(file.followUpDue()));
        writer.section("回访对象");
        parties(writer, file);
        writer.section("协议履行情况");
        writer.paragraph("[  ] 已全部履行      [  ] 部分履行      [  ] 未履行");
        writer.paragraph("说明：");
        writer.gap();
        writer.gap();
        writer.section("当事人意见");
        writer.gap();
        writer.gap();
        writer.signatures(List.of("回访人（签名）：", "被回访人（签名）：", "日期："));
    }

    private static void parties(Writer writer, DisputeRepository.CaseFile file) throws IOException {
        for (DisputeRepository.PartyRow party : file.parties()) {
            StringBuilder line = new StringBuilder(role(party.role())).append("：").append(party.name());
            if ("PERSON".equals(party.kind())) {
                if (party.birthDate() != null) {
                    line.append("，").append(DATE.format(party.birthDate())).append("出生");
                }
                if (party.idNumber() != null) {
                    line.append("，公民身份号码 ").append(party.idNumber());
                }
            } else if (party.idNumber() != null) {
                line.append("，统一社会信用代码 ").append(party.idNumber());
            }
            if (party.address() != null) {
                line.append("，住所 ").append(party.address());
            }
            if (party.phone() != null) {
                line.append("，电话 ").append(party.phone());
            }
            if (party.agentName() != null) {
                line.append("；代理人 ").append(party.agentName());
            }
            writer.paragraph(line.append("。").toString());
        }
    }

    private static String role(String role) {
        return switch (role) {
            case "APPLICANT" -> "申请人";
            case "RESPONDENT" -> "被申请人";
            default -> "第三人";
        };
    }

    private static String source(String source) {
        return switch (source == null ? "" : source) {
            case "PARTY_APPLICATION" -> "当事人申请";
            case "OWN_INITIATIVE" -> "主动排查";
            case "POLICE_TRANSFER" -> "公安移送";
            case "COURT_ENTRUSTED" -> "法院委托（诉前）";
            case "GOVERNMENT_ASSIGNED" -> "政府交办";
            case "FROM_INCIDENT" -> "事件转入";
            default -> "";
        };
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "" : amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " 元";
    }

    /** Lays text down the page, wrapping by the font's real widths and starting new pages as needed. */
    private static final class Writer {
        private final PDDocument document;
        private final PDType0Font font;
        private PDPageContentStream stream;
        private float y;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;

        Writer(PDDocument document, PDType0Font font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private void ensure(float height) throws IOException {
            if (y - height < MARGIN) {
                newPage();
            }
        }

        /**
         * Droid Sans Fallback has CJK glyphs only: Latin letters and digits are set in Helvetica, one of the 14
         * fonts every PDF reader carries, so only the Chinese font needs embedding.
         */
        private static boolean latin(int codePoint) {
            return codePoint < 0x2000 && codePoint != '\u00B7';
        }

        private void text(String text, float size, float x) throws IOException {
            float at = x;
            for (String[] run : runs(text)) {
                org.apache.pdfbox.pdmodel.font.PDFont runFont = run[0] != null ? LATIN : font;
                stream.beginText();
                stream.setFont(runFont, size);
                stream.newLineAtOffset(at, y);
                stream.showText(run[1]);
                stream.endText();
                at += runFont.getStringWidth(run[1]) / 1000 * size;
            }
        }

        private float widthOf(String text, float size) throws IOException {
            float total = 0;
            for (String[] run : runs(text)) {
                total += (run[0] != null ? LATIN : font).getStringWidth(run[1]) / 1000 * size;
            }
            return total;
        }

        /** Splits text into runs of one font: {"latin" or null, text}. */
        private static List<String[]> runs(String text) {
            List<String[]> runs = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            Boolean currentLatin = null;
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                boolean isLatin = latin(codePoint);
                if (currentLatin != null && isLatin != currentLatin) {
                    runs.add(new String[] {currentLatin ? "latin" : null, current.toString()});
                    current.setLength(0);
                }
                currentLatin = isLatin;
                current.appendCodePoint(codePoint);
                i += Character.charCount(codePoint);
            }
            if (current.length() > 0) {
                runs.add(new String[] {Boolean.TRUE.equals(currentLatin) ? "latin" : null, current.toString()});
            }
            return runs;
        }

        void title(String title) throws IOException {
            float size = 20;
            ensure(size * 2);
            y -= size;
            text(title, size, MARGIN + (width - widthOf(title, size)) / 2);
            y -= size * 0.8f;
        }

        void right(String text) throws IOException {
            ensure(BODY * 2);
            y -= BODY;
            text(text, BODY, MARGIN + width - widthOf(text, BODY));
            y -= BODY * 0.8f;
        }

        void section(String heading) throws IOException {
            ensure(BODY * 4);
            y -= BODY * 2.6f;
            text("【" + heading + "】", BODY + 1, MARGIN);
            y -= BODY * 0.4f;
        }

        void field(String label, String value) throws IOException {
            paragraph(label + "：" + (value == null ? "" : value));
        }

        void gap() {
            y -= BODY;
        }

        void paragraph(String text) throws IOException {
            if (text == null) {
                return;
            }
            for (String hardLine : text.split("\\R")) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < hardLine.length(); ) {
                    int codePoint = hardLine.codePointAt(i);
                    String next = new String(Character.toChars(codePoint));
                    if (widthOf(line + next, BODY) > width && line.length() > 0) {
                        emit(line.toString());
                        line.setLength(0);
                    }
                    line.append(next);
                    i += Character.charCount(codePoint);
                }
                emit(line.toString());
            }
        }

        private void emit(String line) throws IOException {
            ensure(BODY * 1.7f);
            y -= BODY * 1.6f;
            text(line, BODY, MARGIN);
        }

        void signatures(List<String> lines) throws IOException {
            ensure(BODY * 2 * lines.size() + BODY * 2);
            y -= BODY * 2;
            for (String line : lines) {
                y -= BODY * 2.2f;
                text(line, BODY, MARGIN + width / 2);
            }
        }

        void close() throws IOException {
            stream.close();
        }
    }
}
