package cn.zongzhi.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console's runner writes to the log when a background read fails. */
class FxBackgroundRunnerTest {

    @Test
    void aFailedReadIsLoggedWithItsSqlStateAndCodeButNotItsMessage() throws Exception {
        try {
            javafx.application.Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test started the toolkit
        }
        Logger logger = (Logger) LoggerFactory.getLogger(FxBackgroundRunner.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        CountDownLatch failed = new CountDownLatch(1);
        try (var runner = new FxBackgroundRunner()) {
            runner.read(() -> {
                // As jOOQ wraps a driver's error: the message carries the statement and its values.
                throw new org.jooq.exception.DataAccessException("SQL [select … where phone = '13912345678']",
                        new SQLException("Data conversion error converting \"13912345678\"", "22018", 22018));
            }, ignored -> { }, failure -> failed.countDown());
            assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            logger.detachAppender(captured);
        }

        assertThat(captured.list).hasSize(1);
        String line = captured.list.get(0).getFormattedMessage();
        assertThat(line).contains("DataAccessException").contains("[SQL state 22018, code 22018]")
                .doesNotContain("13912345678");
    }
}
