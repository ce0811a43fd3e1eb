package cn.zongzhi.cli;

import cn.zongzhi.common.IdentityCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "id-check", description = {
        "Check resident ID numbers (18 and 15 digits) and unified social credit codes, for cleaning party lists.",
        "Prints value<TAB>VALID or value<TAB>INVALID<TAB>reason, one line per value; '-' reads values from stdin,",
        "one per line. Exit code 0 when every value is valid, 1 otherwise."})
final class IdCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "VALUE", arity = "1..*")
    List<String> values;

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>();
        for (String value : values) {
            if ("-".equals(value)) {
                all.addAll(stdin());
            } else {
                all.add(value);
            }
        }
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        var out = spec.commandLine().getOut();
        boolean allValid = true;
        for (String value : all) {
            IdentityCheck.Result result = IdentityCheck.check(value, today);
            if (result.valid()) {
                out.printf("%s\tVALID%n", value);
            } else {
                out.printf("%s\tINVALID\t%s%n", value, result.reason());
                allValid = false;
            }
        }
        out.flush();
        return allValid ? 0 : 1;
    }

    private static List<String> stdin() {
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
