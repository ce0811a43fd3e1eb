package cn.zongzhi.reports;

import cn.zongzhi.common.Messages;
import cn.zongzhi.mediation.DisputeType;
import cn.zongzhi.mediation.MediationFigures;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * The monthly report as a workbook: one sheet per part, numbers as numbers (rates formatted as percentages) so
 * that an office can go on calculating with them.
 */
final class MonthlyReportXlsx {
    private static final String PERCENT = "0.0%";
    private static final String HOURS = "0.00";
    private static final String YUAN = "#,##0.00";

    private final Messages messages;

    MonthlyReportXlsx(Messages messages) {
        this.messages = messages;
    }

    void write(MonthlyReport report, OutputStream out) throws IOException {
        Workbook workbook = new Workbook(out, "Zongzhi Console", "1.0");
        figures(workbook.newWorksheet(messages.text("report.sheet.kpis")), report);
        daily(workbook.newWorksheet(messages.text("report.sheet.daily")), report);
        groups(workbook.newWorksheet(messages.text("report.sheet.categories")), report.categories(), "report.column.category");
        groups(workbook.newWorksheet(messages.text("report.sheet.channels")), report.channels(), "report.column.channel");
        grids(workbook.newWorksheet(messages.text("report.sheet.grids")), report);
        mediation(workbook.newWorksheet(messages.text("report.sheet.mediation")), report.mediation());
        workbook.finish();
    }

    private void figures(Worksheet sheet, MonthlyReport report) {
        sheet.value(0, 0, ReportText.title(report, messages) + " · " + ReportText.month(report, messages));
        sheet.style(0, 0).bold().fontSize(14).set();
        sheet.value(1, 0, ReportText.period(report, messages));
        header(sheet, 3, "report.column.figure", "report.column.value", "report.column.numerator",
                "report.column.denominator", "report.column.formula");
        int row = 4;
        for (KpiFigure figure : report.kpis().figures()) {
            sheet.value(row, 0, figure.label());
            if (figure.value() != null) {
                sheet.value(row, 1, figure.value());
                String format = switch (figure.kpi().unit()) {
                    case RATE -> PERCENT;
                    case WORKING_HOURS -> HOURS;
                    case YUAN -> YUAN;
                    case COUNT -> null;
                };
                if (format != null) {
                    sheet.style(row, 1).format(format).set();
                }
            } else {
                sheet.value(row, 1, ReportText.NONE);
            }
            number(sheet, row, 2, figure.numerator());
            number(sheet, row, 3, figure.denominator());
            sheet.value(row, 4, figure.formula());
            row++;
        }
        sheet.width(0, 26);
        sheet.width(1, 12);
        sheet.width(2, 12);
        sheet.width(3, 12);
        sheet.width(4, 110);
        sheet.freezePane(1, 4);
    }

    private void daily(Worksheet sheet, MonthlyReport report) {
        header(sheet, 0, "report.column.day", "report.column.takenIn", "report.column.closedOnDay");
        int row = 1;
        for (MonthlyReport.Day day : report.days()) {
            sheet.value(row, 0, day.day());
            sheet.style(row, 0).format("yyyy-mm-dd").set();
            sheet.value(row, 1, day.takenIn());
            sheet.value(row, 2, day.closed());
            row++;
        }
        sheet.value(row, 0, messages.text("report.column.total"));
        sheet.value(row, 1, report.days().stream().mapToInt(MonthlyReport.Day::takenIn).sum());
        sheet.value(row, 2, report.days().stream().mapToInt(MonthlyReport.Day::closed).sum());
        sheet.style(row, 0).bold().set();
        sheet.width(0, 14);
        sheet.width(1, 10);
        sheet.width(2, 10);
        sheet.freezePane(0, 1);
    }

    private void groups(Worksheet sheet, List<MonthlyReport.Group> groups, String firstColumn) {
        header(sheet, 0, firstColumn, "report.column.takenIn", "report.column.closedOfThem", "report.column.closureRate");
        int row = 1;
        for (MonthlyReport.Group group : groups) {
            sheet.value(row, 0, group.label() == null ? group.key() : group.label());
            sheet.value(row, 1, group.takenIn());
            sheet.value(row, 2, group.closed());
            rate(sheet, row, 3, group.closureRate());
            row++;
        }
        sheet.width(0, 20);
        sheet.width(1, 10);
        sheet.width(2, 12);
        sheet.width(3, 10);
    }

    private void grids(Worksheet sheet, MonthlyReport report) {
        header(sheet, 0, "report.column.grid", "report.column.community", "report.column.openAtEnd", "report.column.overdueNow");
        int row = 1;
        for (MonthlyReport.GridLoad grid : report.grids()) {
            sheet.value(row, 0, grid.name());
            sheet.value(row, 1, grid.community());
            sheet.value(row, 2, grid.open());
            sheet.value(row, 3, grid.overdue());
            row++;
        }
        sheet.width(0, 28);
        sheet.width(1, 20);
        sheet.width(2, 12);
        sheet.width(3, 12);
    }

    private void mediation(Worksheet sheet, MediationFigures.Table table) {
        header(sheet, 0, "report.column.disputeType", "mediation.figures.accepted", "mediation.figures.concluded",
                "mediation.figures.agreements", "mediation.figures.failed", "mediation.figures.unsuitable",
                "mediation.figures.withdrawn", "mediation.figures.referred", "mediation.figures.amount",
                "mediation.figures.rate");
        int row = 1;
        for (MediationFigures.Row line : table.rows()) {
            mediationRow(sheet, row++, DisputeType.label(line.key(), messages), line);
        }
        mediationRow(sheet, row, messages.text("report.column.total"), table.total());
        sheet.style(row, 0).bold().set();
        sheet.width(0, 18);
        for (int column = 1; column < 10; column++) {
            sheet.width(column, 11);
        }
    }

    private static void mediationRow(Worksheet sheet, int row, String label, MediationFigures.Row line) {
        sheet.value(row, 0, label);
        sheet.value(row, 1, line.accepted());
        sheet.value(row, 2, line.concluded());
        sheet.value(row, 3, line.agreements());
        sheet.value(row, 4, line.failed());
        sheet.value(row, 5, line.unsuitable());
        sheet.value(row, 6, line.withdrawn());
        sheet.value(row, 7, line.referred());
        sheet.value(row, 8, line.agreedAmount());
        sheet.style(row, 8).format(YUAN).set();
        rate(sheet, row, 9, line.successRate());
    }

    private void header(Worksheet sheet, int row, String... keys) {
        for (int column = 0; column < keys.length; column++) {
            sheet.value(row, column, messages.text(keys[column]));
            sheet.style(row, column).bold().fillColor("DDE6F0").set();
        }
    }

    private static void number(Worksheet sheet, int row, int column, BigDecimal value) {
        if (value != null) {
            sheet.value(row, column, value);
        }
    }

    private static void rate(Worksheet sheet, int row, int column, BigDecimal rate) {
        if (rate == null) {
            sheet.value(row, column, ReportText.NONE);
        } else {
            sheet.value(row, column, rate);
            sheet.style(row, column).format(PERCENT).set();
        }
    }
}
