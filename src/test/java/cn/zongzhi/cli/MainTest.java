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
}
