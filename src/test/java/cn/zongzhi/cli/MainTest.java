package cn.zongzhi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @Test
    void versionPrintsTheProductAndTheJavaRuntime() {
        int exit = Main.run("version");

        assertThat(exit).isZero();
        assertThat(output.out()).startsWith("zongzhi ").contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void helpListsTheCommands() {
        int exit = Main.run("--help");

        assertThat(exit).isZero();
        assertThat(output.out()).contains("--db", "console", "version");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithoutAStackTrace() {
        int exit = Main.run("frobnicate");

        assertThat(exit).isEqualTo(2);
        assertThat(output.err()).contains("frobnicate").doesNotContain("Exception", "\tat ");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(Main.commandLine(), new java.util.ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(25).contains(java.util.List.of("sync"), java.util.List.of("import", "incidents"));
        for (java.util.List<String> path : paths) {
            output.reset();
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            assertThat(Main.run(args.toArray(String[]::new))).as(String.join(" ", args) + "\n" + output.err()).isZero();
            assertThat(output.out()).as(String.join(" ", args)).contains("Usage: zongzhi " + String.join(" ", path));
        }
    }

    private static void collect(picocli.CommandLine parent, java.util.List<String> above,
                                java.util.List<java.util.List<String>> paths) {
        parent.getSubcommands().forEach((name, sub) -> {
            java.util.List<String> path = new java.util.ArrayList<>(above);
            path.add(name);
            paths.add(path);
            collect(sub, path, paths);
        });
    }
}
