package cn.zongzhi.reports;

import cn.zongzhi.common.Messages;
import cn.zongzhi.mediation.DisputeType;
import cn.zongzhi.mediation.MediationFigures;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import static cn.zongzhi.reports.PdfPages.Align.LEFT;
import static cn.zongzhi.reports.PdfPages.Align.RIGHT;

/** The monthly report printed: A4, the Chinese font embedded, every part as a ruled table, intake per day as bars. */
final class MonthlyReportPdf {
    private static final float TABLE_TEXT = 8.5f;
    private static final float SECTION = 12;

    private final Messages messages;

    MonthlyReportPdf(Messages messages) {
        this.messages = messages;
    }

    void write(MonthlyReport report, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument()) {
            String title = ReportText.title(report, messages) + " · " + ReportText.month(report, messages);
            document.getDocumentInformation().setTitle(title);
            document.getDocumentInformation().setCreator("Zongzhi Console");
            try (PdfPages pages = new PdfPages(document)) {
                pages.title(ReportText.title(report, messages), 18);
                pages.centred(ReportText.month(report, messages), 12);
                pages.note(ReportText.period(report, messages), 8);
                figures(pages, report);
                daily(pages, report);
                groups(pages, "report.section.categories", "report.column.category", report.categories());
                groups(pages, "report.section.channels", "report.column.channel", report.channels());
                grids(pages, report);
                mediation(pages, report.mediation());
                pages.footers(page -> messages.text("report.page", String.valueOf(page),
                        String.valueOf(document.getNumberOfPages())));
            }
            document.save(out);
        }
    }

    private void figures(PdfPages pages, MonthlyReport report) throws IOException {
        pages.section(messages.text("report.section.kpis"), SECTION);
        List<List<String>> rows = new ArrayList<>();
        for (KpiFigure figure : report.kpis().figures()) {
            rows.add(List.of(figure.label(), ReportText.value(figure.kpi().unit(), figure.value()),
                    ReportText.part(figure.numerator()), ReportText.part(figure.denominator()), figure.formula()));
        }
        pages.table(List.of(new PdfPages.Column(18, LEFT), new PdfPages.Column(12, RIGHT), new PdfPages.Column(12, RIGHT),
                        new PdfPages.Column(9, RIGHT), new PdfPages.Column(49, LEFT)),
                headers("report.column.figure", "report.column.value", "report.column.numerator",
                        "report.column.denominator", "report.column.formula"), rows, TABLE_TEXT);
    }

    private void daily(PdfPages pages, MonthlyReport report) throws IOException {
        pages.section(messages.text("report.section.daily"), SECTION);
        List<MonthlyReport.Day> days = report.days();
        int[] takenIn = days.stream().mapToInt(MonthlyReport.Day::takenIn).toArray();
        int[] closed = days.stream().mapToInt(MonthlyReport.Day::closed).toArray();
        pages.bars(days.stream().map(day -> String.valueOf(day.day().getDayOfMonth())).toList(), takenIn, closed,
                messages.text("report.column.takenIn"), messages.text("report.column.closedOnDay"), 110);
        // Two columns of days side by side keep a month on a third of a page.
        int half = (days.size() + 1) / 2;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < half; i++) {
            List<String> row = new ArrayList<>(dayCells(days.get(i)));
            row.addAll(i + half < days.size() ? dayCells(days.get(i + half)) : List.of("", "", ""));
            rows.add(row);
        }
        rows.add(List.of(messages.text("report.column.total"), ReportText.count(sum(takenIn)), ReportText.count(sum(closed)),
                "", "", ""));
        List<String> header = headers("report.column.day", "report.column.takenIn", "report.column.closedOnDay");
        List<String> both = new ArrayList<>(header);
        both.addAll(header);
        pages.table(List.of(new PdfPages.Column(20, LEFT), new PdfPages.Column(15, RIGHT), new PdfPages.Column(15, RIGHT),
                new PdfPages.Column(20, LEFT), new PdfPages.Column(15, RIGHT), new PdfPages.Column(15, RIGHT)), both, rows,
                TABLE_TEXT);
    }

    private static List<String> dayCells(MonthlyReport.Day day) {
        return List.of(day.day().toString(), ReportText.count(day.takenIn()), ReportText.count(day.closed()));
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }

    private void groups(PdfPages pages, String section, String firstColumn, List<MonthlyReport.Group> groups)
            throws IOException {
        pages.section(messages.text(section), SECTION);
        List<List<String>> rows = new ArrayList<>();
        for (MonthlyReport.Group group : groups) {
            rows.add(List.of(group.label() == null ? group.key() : group.label(), ReportText.count(group.takenIn()),
                    ReportText.count(group.closed()), ReportText.percent(group.closureRate())));
        }
        if (rows.isEmpty()) {
            pages.note(messages.text("report.none"), TABLE_TEXT);
            return;
        }
        pages.table(List.of(new PdfPages.Column(40, LEFT), new PdfPages.Column(20, RIGHT), new PdfPages.Column(20, RIGHT),
                        new PdfPages.Column(20, RIGHT)),
                headers(firstColumn, "report.column.takenIn", "report.column.closedOfThem", "report.column.closureRate"),
                rows, TABLE_TEXT);
    }

    private void grids(PdfPages pages, MonthlyReport report) throws IOException {
        pages.section(messages.text("report.section.grids"), SECTION);
        List<List<String>> rows = new ArrayList<>();
        for (MonthlyReport.GridLoad grid : report.grids()) {
            rows.add(List.of(grid.name(), grid.community() == null ? "" : grid.community(), ReportText.count(grid.open()),
                    ReportText.count(grid.overdue())));
        }
        if (rows.isEmpty()) {
            pages.note(messages.text("report.none"), TABLE_TEXT);
            return;
        }
        pages.table(List.of(new PdfPages.Column(40, LEFT), new PdfPages.Column(30, LEFT), new PdfPages.Column(15, RIGHT),
                        new PdfPages.Column(15, RIGHT)),
                headers("report.column.grid", "report.column.community", "report.column.openAtEnd", "report.column.overdueNow"),
                rows, TABLE_TEXT);
    }

    private void mediation(PdfPages pages, MediationFigures.Table table) throws IOException {
        pages.section(messages.text("report.section.mediation"), SECTION);
        if (table.rows().isEmpty()) {
            pages.note(messages.text("report.none"), TABLE_TEXT);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (MediationFigures.Row row : table.rows()) {
            rows.add(mediationCells(DisputeType.label(row.key(), messages), row));
        }
        rows.add(mediationCells(messages.text("report.column.total"), table.total()));
        List<PdfPages.Column> columns = new ArrayList<>();
        columns.add(new PdfPages.Column(18, LEFT));
        for (int i = 0; i < 7; i++) {
            columns.add(new PdfPages.Column(8, RIGHT));
        }
        columns.add(new PdfPages.Column(14, RIGHT));
        columns.add(new PdfPages.Column(10, RIGHT));
        pages.table(columns, headers("report.column.disputeType", "mediation.figures.accepted", "mediation.figures.concluded",
                "mediation.figures.agreements", "mediation.figures.failed", "mediation.figures.unsuitable",
                "mediation.figures.withdrawn", "mediation.figures.referred", "mediation.figures.amount",
                "mediation.figures.rate"), rows, 8);
    }

    private static List<String> mediationCells(String label, MediationFigures.Row row) {
        return List.of(label, ReportText.count(row.accepted()), ReportText.count(row.concluded()),
                ReportText.count(row.agreements()), ReportText.count(row.failed()), ReportText.count(row.unsuitable()),
                ReportText.count(row.withdrawn()), ReportText.count(row.referred()),
                ReportText.value(Kpi.Unit.YUAN, row.agreedAmount()),
                ReportText.percent(row.successRate()));
    }

    private List<String> headers(String... keys) {
        return java.util.Arrays.stream(keys).map(messages::text).toList();
    }
}
