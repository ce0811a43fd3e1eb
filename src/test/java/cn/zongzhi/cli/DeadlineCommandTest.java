package cn.zongzhi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

class DeadlineCommandTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @Test
    void printsTheDueDateTimeOnTheFirstLine() {
        int exit = Main.run("deadline", "--from", "2026-02-13T10:00", "--limit", "3wd");

        assertThat(exit).isZero();
        assertThat(output.out().lines().findFirst()).contains("2026-02-25T17:30:00");
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() {
        assertThat(Main.run("deadline", "--from", "yesterday", "--limit", "3wd")).isNotZero();
        assertThat(Main.run("deadline", "--from", "2026-02-13T10:00", "--limit", "3 weeks")).isNotZero();
        assertThat(Main.run("deadline", "--from", "2026-02-13T10:00")).isNotZero();

        String errors = output.err();
        assertThat(errors).contains("yesterday", "3 weeks", "--limit").doesNotContain("Exception", "\tat ");
        assertThat(output.out()).isEmpty();
    }
}
