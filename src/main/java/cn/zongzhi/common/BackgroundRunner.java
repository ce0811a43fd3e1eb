package cn.zongzhi.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way view models leave the FX thread: work runs on a named background thread, its result comes
 * back on the FX thread. Database writes go to the single writer thread; reads to the reader pool.
 * Tests inject {@link SameThreadRunner}.
 */
public interface BackgroundRunner {

    <T> void read(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    <T> void write(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Hands a small update (progress) back to the FX thread. */
    void toUi(Runnable update);
}
