package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.ReferenceItem;
import cn.zongzhi.sync.protocol.ReferencePublish;
import cn.zongzhi.sync.protocol.ReferencePublishReply;
import cn.zongzhi.sync.protocol.SyncLimits;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The city's console publishes its reference data to the city server (decision 0016): everything it holds, in
 * batches bounded by count and size. The server keeps what did not change, so publishing again after one category
 * changed gives that category alone a new version. A cut publication is simply run again.
 */
public final class ReferencePublisher {
    /** A batch's JSON stays well under the protocol's body limit even before compression. */
    private static final int BATCH_CHARS = 2 * 1024 * 1024;

    private final DSLContext dsl;
    private final SyncTransport transport;

    public ReferencePublisher(DSLContext dsl, SyncTransport transport) {
        this.dsl = dsl;
        this.transport = transport;
    }

    /** What a publication did. */
    public record Published(int items, int changed, long version, boolean complete) {
    }

    /** Progress after each batch: items sent so far, and all. */
    public interface Progress {
        void sent(int done, int total);
    }

    /**
     * @throws SyncTransport.Unavailable the server cannot be reached, or refused (403 "not-city" for an office that is
     *                                   not the city's)
     */
    public Published publish(BooleanSupplier cancelled, Progress progress) {
        List<ReferenceItem> items = new ReferenceDataRepository(dsl).everything();
        int sent = 0;
        int changed = 0;
        long version = 0;
        for (List<ReferenceItem> batch : batches(items)) {
            if (cancelled.getAsBoolean()) {
                return new Published(sent, changed, version, false);
            }
            ReferencePublishReply reply = transport.publishReference(new ReferencePublish(batch));
            sent += batch.size();
            changed += reply.changed();
            version = reply.referenceVersion();
            progress.sent(sent, items.size());
        }
        return new Published(sent, changed, version, true);
    }

    static List<List<ReferenceItem>> batches(List<ReferenceItem> items) {
        List<List<ReferenceItem>> batches = new ArrayList<>();
        List<ReferenceItem> current = new ArrayList<>();
        int chars = 0;
        for (ReferenceItem item : items) {
            int size = item.data().toString().length() + item.code().length() + 64;
            if (!current.isEmpty() && (current.size() == SyncLimits.MAX_REFERENCE_ITEMS || chars + size > BATCH_CHARS)) {
                batches.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            current.add(item);
            chars += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
