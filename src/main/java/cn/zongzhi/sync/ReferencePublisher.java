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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReferencePublisher.class);
    /** A batch's JSON stays well under the protocol's body limit even before compression. */
    private static final int BATCH_CHARS = 2 * 1024 * 1024;

    private final DSLContext dsl;
    private final SyncTransport transport;

    public ReferencePublisher(DSLContext dsl, SyncTransport transport) {
        this.dsl = dsl;
        this.transport = transport;
    }

    /**
     * What a publication did.
     *
     * @param leftOut items larger than the protocol allows one item to be, not sent (named in the log)
     */
    public record Published(int items, int changed, long version, boolean complete, int leftOut) {
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
        Batches planned = batches(new ReferenceDataRepository(dsl).everything());
        int leftOut = planned.leftOut();
        int sent = 0;
        int changed = 0;
        long version = 0;
        for (List<ReferenceItem> batch : planned.batches()) {
            if (cancelled.getAsBoolean()) {
                return new Published(sent, changed, version, false, leftOut);
            }
            ReferencePublishReply reply = transport.publishReference(new ReferencePublish(batch));
            sent += batch.size();
            changed += reply.changed();
            version = reply.referenceVersion();
            // Nobody else published in between: what the server now holds beyond this console's cursor is what this
            // console sent, so it need not pull its own items back over rows that may have been edited since.
            dsl.transaction(tx -> {
                ReferenceDataRepository repository = new ReferenceDataRepository(tx.dsl());
                if (repository.referenceVersion() == reply.previousVersion()) {
                    repository.moveReferenceCursor(reply.referenceVersion());
                }
            });
            progress.sent(sent, planned.items());
        }
        return new Published(sent, changed, version, true, leftOut);
    }

    /** The items cut into batches, bounded by count and size; an item larger than one may be is left out and logged. */
    private record Batches(List<List<ReferenceItem>> batches, int items, int leftOut) {
    }

    private static Batches batches(List<ReferenceItem> all) {
        List<List<ReferenceItem>> batches = new ArrayList<>();
        List<ReferenceItem> current = new ArrayList<>();
        int items = 0;
        int leftOut = 0;
        int chars = 0;
        for (ReferenceItem item : all) {
            int content = item.data().toString().length();
            if (content > SyncLimits.MAX_REFERENCE_ITEM_CHARS) {
                leftOut++;
                LOG.warn("reference item {} {} is larger than {} characters and is not published", item.kind(), item.code(),
                        SyncLimits.MAX_REFERENCE_ITEM_CHARS);
                continue;
            }
            int size = content + item.code().length() + 64;
            if (!current.isEmpty() && (current.size() == SyncLimits.MAX_REFERENCE_ITEMS || chars + size > BATCH_CHARS)) {
                batches.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            current.add(item);
            items++;
            chars += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return new Batches(batches, items, leftOut);
    }
}
