package cn.zongzhi.app;

import cn.zongzhi.auth.AccountService;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.PasswordHasher;
import cn.zongzhi.common.SameThreadRunner;
import com.calendarfx.view.CalendarView;
import javafx.scene.Parent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mediation calendar's today and its line of the present come from the console's clock in Guangzhou, not from the
 * machine's clock and zone: at 01:00 in Guangzhou on 11 March (17:00 UTC on the 10th), today is the 11th.
 */
class MediationCalendarTodayTest {
    @TempDir
    Path folder;

    private Console console;

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        if (console != null) {
            console.stop();
        }
    }

    @Test
    void todayIsTheOfficesDayByTheConsolesClock() throws Exception {
        // Far from the real date, so the machine's own today cannot pass for it whatever its zone.
        Clock clock = Clock.fixed(Instant.parse("2026-03-10T17:00:00Z"), ZoneOffset.UTC);
        console = new Console(new ConsoleOptions(folder, folder.resolve("db"), "zh", 10, 2), clock, new SameThreadRunner(),
                DemoWiring::loader);
        console.openDatabase();
        Operator admin = new AccountService(console.database().dsl(), new PasswordHasher(1024, 1, 1), clock)
                .createFirstAdministrator(new AccountService.NewAccount("admin", "测试管理员",
                        "long-enough-1".toCharArray(), "long-enough-1".toCharArray()), "440111-DEMO", null);
        console.useOperator(admin);

        Parent root = WaitForAsyncUtils.asyncFx(() -> console.loader().load(Screen.MEDIATION_CALENDAR).root()).get();
        CalendarView calendar = (CalendarView) root.lookup("#calendarView");

        assertThat(calendar.getToday()).isEqualTo(LocalDate.of(2026, 3, 11));
        assertThat(calendar.getDate()).as("the day the calendar opens on").isEqualTo(LocalDate.of(2026, 3, 11));
        assertThat(calendar.getTime()).isEqualTo(LocalTime.of(1, 0));
    }
}
