package cn.zongzhi.reports;

import cn.zongzhi.common.Messages;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes a monthly report as XLSX or PDF, chosen by the file's ending; written beside the target first and moved
 * into place, so a failed report never leaves half a file under the chosen name.
 */
public final class MonthlyReportWriter {
    /** The formats there are. */
    public enum Format { XLSX, PDF }

    private final Messages messages;

    public MonthlyReportWriter(Messages messages) {
        this.messages = messages;
    }

    /** The format a file name asks for, or null when it ends in neither .xlsx nor .pdf. */
    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".xlsx") ? Format.XLSX : name.endsWith(".pdf") ? Format.PDF : null;
    }

    public void write(MonthlyReport report, Path target) {
        Format format = formatOf(target);
        if (format == null) {
            throw new IllegalArgumentException("the report file must end in .xlsx or .pdf: " + target.getFileName());
        }
        Path temporary = null;
        try {
            Path folder = target.toAbsolutePath().getParent();
            temporary = Files.createTempFile(folder, ".report-", format == Format.PDF ? ".pdf" : ".xlsx");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                if (format == Format.PDF) {
                    new MonthlyReportPdf(messages).write(report, out);
                } else {
                    new MonthlyReportXlsx(messages).write(report, out);
                }
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // moved already, or the folder is gone: nothing left to clean
                }
            }
        }
    }
}
