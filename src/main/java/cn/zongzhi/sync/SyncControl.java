package cn.zongzhi.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the console's screens may ask of sync: its status, a round now, pause and resume. The scheduler does the
 * work on its own thread; {@link #status()} and {@link #announce()} read the database and are called off the FX
 * thread.
 */
public interface SyncControl {
    SyncStatus status();

    void syncNow();

    void pause();

    void resume();

    /** Told of every change of status, on the thread that caused it (the sync thread, or whoever announced). */
    void addListener(Consumer<SyncStatus> listener);

    /** Reads the status and tells every listener: after an operator's answer changed the counts between rounds. */
    void announce();

    static SyncControl of(SyncScheduler scheduler) {
        List<Consumer<SyncStatus>> listeners = new CopyOnWriteArrayList<>();
        scheduler.addListener(status -> listeners.forEach(listener -> listener.accept(status)));
        return new SyncControl() {
            @Override
            public SyncStatus status() {
                return scheduler.status();
            }

            @Override
            public void syncNow() {
                scheduler.syncNow();
            }

            @Override
            public void pause() {
                scheduler.pause();
            }

            @Override
            public void resume() {
                scheduler.resume();
            }

            @Override
            public void addListener(Consumer<SyncStatus> listener) {
                listeners.add(listener);
            }

            @Override
            public void announce() {
                SyncStatus status = scheduler.status();
                listeners.forEach(listener -> listener.accept(status));
            }
        };
    }
}
