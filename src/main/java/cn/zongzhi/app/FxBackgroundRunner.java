package cn.zongzhi.app;

import cn.zongzhi.common.BackgroundRunner;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Background work on named daemon threads: one database writer, a small reader pool; results on the FX thread. */
public final class FxBackgroundRunner implements BackgroundRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FxBackgroundRunner.class);

    private final ExecutorService writer = Executors.newSingleThreadExecutor(named("zongzhi-db-writer"));
    private final ExecutorService readers = Executors.newFixedThreadPool(2, named("zongzhi-db-reader"));

    @Override
    public <T> void read(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        submit(readers, work, onSuccess, onFailure);
    }

    @Override
    public <T> void write(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        submit(writer, work, onSuccess, onFailure);
    }

    @Override
    public void toUi(Runnable update) {
        Platform.runLater(update);
    }

    private static <T> void submit(ExecutorService executor, Callable<T> work, Consumer<? super T> onSuccess,
                                   Consumer<? super Throwable> onFailure) {
        if (executor.isShutdown()) {
            // The console is closing: a timer that fires now has nothing left to do.
            return;
        }
        executor.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Exception | Error e) {
                // The class and the stack, never the message: messages can carry the data being processed.
                LOG.warn("background task failed: {} at {}", e.getClass().getName(), firstFrames(e));
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
    }

    private static String firstFrames(Throwable failure) {
        StringBuilder frames = new StringBuilder();
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        StackTraceElement[] stack = cause.getStackTrace();
        frames.append(cause.getClass().getSimpleName());
        // The SQL state and the vendor's code say which database error it was without the message's data.
        for (Throwable link = failure; link != null; link = link.getCause() == link ? null : link.getCause()) {
            if (link instanceof java.sql.SQLException sql) {
                frames.append(" [SQL state ").append(sql.getSQLState()).append(", code ").append(sql.getErrorCode()).append(']');
                break;
            }
        }
        for (int i = 0; i < Math.min(4, stack.length); i++) {
            frames.append(" < ").append(stack[i]);
        }
        // The root cause's first frames are the library's (H2, jOOQ); the application's say which read failed.
        int ours = 0;
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("cn.zongzhi.") && !frame.getClassName().startsWith("cn.zongzhi.app.FxBackgroundRunner")
                    && ours++ < 4) {
                frames.append(ours == 1 ? " … from " : " < ").append(frame);
            }
        }
        return frames.toString();
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        writer.shutdown();
        readers.shutdown();
        try {
            // Let a write in flight finish its transaction rather than cutting it.
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdownNow();
    }
}
