package cn.zongzhi.auth;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class ScreenLockViewModelTest {
    @TempDir
    Path folder;

    @Test
    void locksAfterTheIdleSpellAndUnlocksOnlyWithThePassword() {
        try (Database database = TestDatabases.fresh(folder)) {
            AccountService accounts = new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC());
            Operator seat = accounts.createFirstAdministrator(new AccountService.NewAccount("seat1", "李娜",
                    "long-enough-1".toCharArray(), "long-enough-1".toCharArray()), "440111-DEMO", null);
            Instant start = Instant.parse("2026-11-23T02:00:00Z");
            ScreenLockViewModel lock = new ScreenLockViewModel(accounts, seat, new SameThreadRunner(), Messages.forLanguage("zh"),
                    ZoneId.of("Asia/Shanghai"), Duration.ofMinutes(10), start);

            lock.touch(start.plusSeconds(300));
            lock.check(start.plusSeconds(899));
            assertThat(lock.lockedProperty().get()).as("9 min 59 s after the last key press").isFalse();
            lock.check(start.plusSeconds(900));
            assertThat(lock.lockedProperty().get()).isTrue();
            assertThat(lock.messageProperty().get()).startsWith("李娜，长时间无操作，屏幕已锁定");
            lock.touch(start.plusSeconds(901));
            assertThat(lock.lockedProperty().get()).as("moving the mouse does not unlock").isTrue();

            char[] wrong = "not-the-password".toCharArray();
            lock.unlock(wrong, start.plusSeconds(910));
            assertThat(lock.lockedProperty().get()).isTrue();
            assertThat(lock.messageProperty().get()).isEqualTo("用户名或密码不正确。");
            assertThat(wrong).containsOnly('\0');
            lock.unlock("long-enough-1".toCharArray(), start.plusSeconds(920));
            assertThat(lock.lockedProperty().get()).isFalse();
            lock.check(start.plusSeconds(920 + 599));
            assertThat(lock.lockedProperty().get()).as("the spell starts again at unlocking").isFalse();

            ScreenLockViewModel never = new ScreenLockViewModel(accounts, seat, new SameThreadRunner(), Messages.forLanguage("zh"),
                    ZoneId.of("Asia/Shanghai"), Duration.ZERO, start);
            never.check(start.plus(Duration.ofDays(1)));
            assertThat(never.lockedProperty().get()).as("0 minutes: never by itself").isFalse();
        }
    }
}
