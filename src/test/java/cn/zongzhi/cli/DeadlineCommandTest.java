package cn.zongzhi.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void printsTheDueDateTimeOnTheFirstLine() {
        int exit = Main.run("deadline", "--from", "2026-02-13T10:00", "--limit", "3wd");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().findFirst()).contains("2026-02-25T17:30:00");
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() {
        assertThat(Main.run("deadline", "--from", "yesterday", "--limit", "3wd")).isNotZero();
        assertThat(Main.run("deadline", "--from", "2026-02-13T10:00", "--limit", "3 weeks")).isNotZero();
        assertThat(Main.run("deadline", "--from", "2026-02-13T10:00")).isNotZero();

        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).contains("yesterday", "3 weeks", "--limit").doesNotContain("Exception", "\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
