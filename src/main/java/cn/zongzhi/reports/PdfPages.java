package cn.zongzhi.reports;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Lays a report down A4 pages: headings, paragraphs, ruled tables whose cells wrap and whose header repeats on a
 * new page, and bar charts. Chinese is set in the bundled Droid Sans Fallback (embedded as a subset, as the
 * mediation documents do), Latin letters and digits in Helvetica, which every PDF reader carries.
 */
final class PdfPages implements AutoCloseable {
    static final String FONT = "/cn/zongzhi/fonts/DroidSansFallbackFull.ttf";
    private static final PDFont LATIN = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final float MARGIN = 40;
    private static final float FOOTER = 28;
    private static final float CELL_PAD = 3;
    private static final Color RULE = new Color(0x9A, 0xA5, 0xB1);
    private static final Color HEADER_FILL = new Color(0xDD, 0xE6, 0xF0);

    /** How a column's text sits in its cells. */
    enum Align { LEFT, RIGHT }

    /** A table column: its share of the width and its alignment. */
    record Column(float weight, Align align) {
    }

    private final PDDocument document;
    private final PDType0Font chinese;
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private PDPageContentStream stream;
    private float y;

    PdfPages(PDDocument document) throws IOException {
        this.document = document;
        try (InputStream font = PdfPages.class.getResourceAsStream(FONT)) {
            if (font == null) {
                throw new IllegalStateException("font missing from the classpath: " + FONT);
            }
            chinese = PDType0Font.load(document, font, true);
        }
        newPage();
    }

    float width() {
        return width;
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

    private boolean fits(float height) {
        return y - height >= MARGIN + FOOTER;
    }

    private void ensure(float height) throws IOException {
        if (!fits(height)) {
            newPage();
        }
    }

    void title(String text, float size) throws IOException {
        ensure(size * 2);
        y -= size;
        text(text, size, MARGIN + (width - widthOf(text, size)) / 2, y, Color.BLACK);
        y -= size * 0.7f;
    }

    void centred(String text, float size) throws IOException {
        for (String line : wrap(text, size, width)) {
            ensure(size * 1.6f);
            y -= size * 1.5f;
            text(line, size, MARGIN + (width - widthOf(line, size)) / 2, y, Color.DARK_GRAY);
        }
    }

    void section(String heading, float size) throws IOException {
        // A heading never ends a page alone: keep room for it and a few lines after it.
        ensure(size * 8);
        y -= size * 2.2f;
        text(heading, size, MARGIN, y, Color.BLACK);
        y -= size * 0.6f;
    }

    void note(String text, float size) throws IOException {
        for (String line : wrap(text, size, width)) {
            ensure(size * 1.6f);
            y -= size * 1.5f;
            text(line, size, MARGIN, y, Color.DARK_GRAY);
        }
    }

    void table(List<Column> columns, List<String> header, List<List<String>> rows, float size) throws IOException {
        float total = (float) columns.stream().mapToDouble(Column::weight).sum();
        float[] widths = new float[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width * columns.get(i).weight() / total;
        }
        float leading = size * 1.35f;
        List<List<String>> headerLines = lines(header, widths, size);
        float headerHeight = height(headerLines, size, leading);
        boolean headerDrawn = false;
        for (List<String> row : rows) {
            List<List<String>> cells = lines(row, widths, size);
            float rowHeight = height(cells, size, leading);
            if (!headerDrawn || !fits(rowHeight)) {
                ensure(headerHeight + rowHeight);
                row(headerLines, widths, columns, headerHeight, leading, size, true);
                headerDrawn = true;
            }
            row(cells, widths, columns, rowHeight, leading, size, false);
        }
        if (!headerDrawn) {
            ensure(headerHeight);
            row(headerLines, widths, columns, headerHeight, leading, size, true);
        }
    }

    /**
     * Vertical bars for a series of days, two bars a day (first series dark, second light), with a scale on the
     * left, every fifth label under the axis and a legend above.
     */
    void bars(List<String> labels, int[] first, int[] second, String firstName, String secondName, float height)
            throws IOException {
        float size = 7.5f;
        ensure(height + 34);
        int max = 1;
        for (int i = 0; i < labels.size(); i++) {
            max = Math.max(max, Math.max(first[i], second[i]));
        }
        int step = niceStep(max);
        int top = (max + step - 1) / step * step;
        float axisX = MARGIN + 28;
        float plotWidth = width - 28;
        float legendY = y - size;
        swatch(MARGIN + width - 150, legendY, new Color(0x2F, 0x5D, 0x8C), firstName, size);
        swatch(MARGIN + width - 75, legendY, new Color(0x8F, 0xC1, 0x9E), secondName, size);
        float baseY = y - 16 - height;
        stream.setStrokingColor(RULE);
        stream.setLineWidth(0.4f);
        for (int value = 0; value <= top; value += step) {
            float at = baseY + height * value / top;
            stream.moveTo(axisX, at);
            stream.lineTo(axisX + plotWidth, at);
            stream.stroke();
            String label = String.valueOf(value);
            text(label, size, axisX - 4 - widthOf(label, size), at - size / 3, Color.DARK_GRAY);
        }
        float slot = plotWidth / labels.size();
        float bar = Math.max(0.8f, slot * 0.36f);
        for (int i = 0; i < labels.size(); i++) {
            float x = axisX + slot * i + slot * 0.12f;
            fill(x, baseY, bar, height * first[i] / top, new Color(0x2F, 0x5D, 0x8C));
            fill(x + bar, baseY, bar, height * second[i] / top, new Color(0x8F, 0xC1, 0x9E));
            if (i % 5 == 0 || i == labels.size() - 1) {
                String label = labels.get(i);
                text(label, size, axisX + slot * i + slot / 2 - widthOf(label, size) / 2, baseY - size - 2, Color.DARK_GRAY);
            }
        }
        y = baseY - size - 8;
    }

    private void swatch(float x, float at, Color color, String name, float size) throws IOException {
        fill(x, at - 1, 8, 8, color);
        text(name, size, x + 11, at, Color.DARK_GRAY);
    }

    private static int niceStep(int max) {
        int[] steps = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000};
        for (int step : steps) {
            if (max / step <= 5) {
                return step;
            }
        }
        return (max / 5 / 10000 + 1) * 10000;
    }

    private void fill(float x, float bottom, float w, float h, Color color) throws IOException {
        if (h <= 0) {
            return;
        }
        stream.setNonStrokingColor(color);
        stream.addRect(x, bottom, w, h);
        stream.fill();
    }

    private void row(List<List<String>> cells, float[] widths, List<Column> columns, float rowHeight, float leading,
                     float size, boolean header) throws IOException {
        float top = y;
        float x = MARGIN;
        if (header) {
            stream.setNonStrokingColor(HEADER_FILL);
            stream.addRect(MARGIN, top - rowHeight, width, rowHeight);
            stream.fill();
        }
        for (int i = 0; i < cells.size(); i++) {
            float lineY = top - CELL_PAD - size;
            for (String line : cells.get(i)) {
                float at = columns.get(i).align() == Align.RIGHT && !header
                        ? x + widths[i] - CELL_PAD - widthOf(line, size) : x + CELL_PAD;
                text(line, size, at, lineY, Color.BLACK);
                lineY -= leading;
            }
            x += widths[i];
        }
        stream.setStrokingColor(RULE);
        stream.setLineWidth(0.5f);
        stream.addRect(MARGIN, top - rowHeight, width, rowHeight);
        x = MARGIN;
        for (int i = 0; i < widths.length - 1; i++) {
            x += widths[i];
            stream.moveTo(x, top);
            stream.lineTo(x, top - rowHeight);
        }
        stream.stroke();
        y = top - rowHeight;
    }

    /** Room for the tallest cell: its first line a font size high, each further line one leading lower. */
    private static float height(List<List<String>> cells, float size, float leading) {
        int lines = Math.max(1, cells.stream().mapToInt(List::size).max().orElse(1));
        return 2 * CELL_PAD + size * 1.25f + (lines - 1) * leading;
    }

    private List<List<String>> lines(List<String> row, float[] widths, float size) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            cells.add(wrap(row.get(i) == null ? "" : row.get(i), size, widths[i] - 2 * CELL_PAD));
        }
        return cells;
    }

    /** Breaks text into lines no wider than the width, by the fonts' real widths, between any two characters. */
    List<String> wrap(String text, float size, float maxWidth) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String hardLine : text.split("\\R", -1)) {
            StringBuilder line = new StringBuilder();
            float lineWidth = 0;
            for (int i = 0; i < hardLine.length(); ) {
                int codePoint = hardLine.codePointAt(i);
                String next = new String(Character.toChars(codePoint));
                float nextWidth = widthOf(next, size);
                if (lineWidth + nextWidth > maxWidth && line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                    lineWidth = 0;
                }
                line.append(next);
                lineWidth += nextWidth;
                i += Character.charCount(codePoint);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Numbers every page at its foot once the page count is known. */
    void footers(IntFunction<String> pageOfPages) throws IOException {
        stream.close();
        stream = null;
        int count = document.getNumberOfPages();
        for (int i = 0; i < count; i++) {
            PDPage page = document.getPage(i);
            try (PDPageContentStream footer = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                String text = pageOfPages.apply(i + 1);
                float size = 8;
                PDPageContentStream previous = stream;
                stream = footer;
                text(text, size, MARGIN + (width - widthOf(text, size)) / 2, MARGIN, Color.GRAY);
                stream = previous;
            }
        }
    }

    /**
     * Latin-1 text goes to Helvetica, and so do the en and em dashes, which Droid Sans Fallback lacks; everything
     * else, the middle dot included, to the Chinese font.
     */
    private static boolean latin(int codePoint) {
        return codePoint < 0x100 && codePoint != 0xB7 || codePoint == 0x2013 || codePoint == 0x2014;
    }

    private void text(String text, float size, float x, float baseline, Color color) throws IOException {
        float at = x;
        stream.setNonStrokingColor(color);
        for (Run run : runs(text)) {
            PDFont font = run.latin() ? LATIN : chinese;
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(at, baseline);
            stream.showText(run.text());
            stream.endText();
            at += font.getStringWidth(run.text()) / 1000 * size;
        }
    }

    float widthOf(String text, float size) throws IOException {
        float total = 0;
        for (Run run : runs(text)) {
            total += (run.latin() ? LATIN : chinese).getStringWidth(run.text()) / 1000 * size;
        }
        return total;
    }

    private record Run(boolean latin, String text) {
    }

    private static List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Boolean currentLatin = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            boolean isLatin = latin(codePoint);
            if (currentLatin != null && isLatin != currentLatin) {
                runs.add(new Run(currentLatin, current.toString()));
                current.setLength(0);
            }
            currentLatin = isLatin;
            current.appendCodePoint(codePoint);
            i += Character.charCount(codePoint);
        }
        if (current.length() > 0) {
            runs.add(new Run(Boolean.TRUE.equals(currentLatin), current.toString()));
        }
        return runs;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
