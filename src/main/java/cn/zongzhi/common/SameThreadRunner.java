package cn.zongzhi.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs everything on the calling thread: for view-model tests without the JavaFX toolkit. */
public final class SameThreadRunner implements BackgroundRunner {
    @Override
    public <T> void read(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        run(work, onSuccess, onFailure);
    }

    @Override
    public <T> void write(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        run(work, onSuccess, onFailure);
    }

    @Override
    public void toUi(Runnable update) {
        update.run();
    }

    private static <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception | Error e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }
}
