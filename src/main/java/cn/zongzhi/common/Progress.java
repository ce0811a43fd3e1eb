package cn.zongzhi.common;

/**
 * How a long task reports progress and learns that the user cancelled it. Services call {@link #step}
 * between units of work and stop (throwing {@link CancelledException}) when {@link #cancelled()} turns true.
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void step(long done, long total, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    void step(long done, long total, String message);

    boolean cancelled();

    default void checkCancelled() {
        if (cancelled()) {
            throw new CancelledException();
        }
    }

    /** Thrown by a service that stopped because the user cancelled; whatever it had committed stays. */
    final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
