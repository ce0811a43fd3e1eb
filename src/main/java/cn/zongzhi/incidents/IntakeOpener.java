package cn.zongzhi.incidents;

import java.util.function.Consumer;

/** Opens the new-incident form over the console; the composition root knows how to build it. */
@FunctionalInterface
public interface IntakeOpener {
    void open(Consumer<StoredIncident> onSaved);
}
