package cn.zongzhi.common;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The list of refused rows an import writes beside its input, as {@code FILE.rejects.csv}. */
public final class RejectsFile {
    private RejectsFile() {
    }

    public static Path write(Path input, List<String> header, List<List<Object>> rows) {
        Path target = input.resolveSibling(input.getFileName() + ".rejects.csv");
        try (Writer writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (List<Object> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
    }
}
