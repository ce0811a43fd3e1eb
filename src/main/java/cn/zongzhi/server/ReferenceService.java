package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.ReferenceItem;
import cn.zongzhi.sync.protocol.ReferenceKind;
import cn.zongzhi.sync.protocol.ReferencePublish;
import cn.zongzhi.sync.protocol.ReferencePublishReply;
import cn.zongzhi.sync.protocol.ReferencePull;
import cn.zongzhi.sync.protocol.ReferencePullReply;
import cn.zongzhi.sync.protocol.SyncLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reference data (decision 0016): the city office publishes its areas, departments, catalogue, grids, mediators and
 * holiday calendar; every office pulls what changed since it last asked. Only the city publishes; a batch is checked
 * whole and stored in one transaction, or refused whole with the reason.
 */
final class ReferenceService {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceService.class);
    /** A code longer than any the console stores (area 12, grid 40, department and mediator 32). */
    private static final int MAX_CODE = 64;
    /** One item's JSON: a grid's or district's outline can be large, but not larger than this. */
    private static final int MAX_ITEM_CHARS = SyncLimits.MAX_REFERENCE_ITEM_CHARS;
    /** A pull page's content, at most (plus one item): a few MB against the 8 MB limit of a reply. */
    static final int PAGE_CHARS = 2_000_000;

    private final ServerDatabase database;
    private final PullReads pullReads;
    private final Clock clock;

    ReferenceService(ServerDatabase database, Clock clock) {
        this(database, clock, null);
    }

    ReferenceService(ServerDatabase database, Clock clock, ServerDatabase pulls) {
        this.database = database;
        this.pullReads = new PullReads(database, pulls);
        this.clock = clock;
    }

    long highWater() {
        return new ReferenceRepository(database.dsl()).highWater();
    }

    ReferencePublishReply publish(SyncService.Caller caller, ReferencePublish publish) {
        if (!caller.jurisdiction().isCity()) {
            throw new SyncRefused(403, "not-city", "only the city office publishes reference data; office "
                    + caller.officeCode() + " receives it");
        }
        List<ReferenceItem> items = publish.items() == null ? List.of() : publish.items();
        if (items.size() > SyncLimits.MAX_REFERENCE_ITEMS) {
            throw new SyncRefused(413, "batch-too-large", "at most " + SyncLimits.MAX_REFERENCE_ITEMS
                    + " reference items per publication, this one has " + items.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ReferenceItem item = items.get(i);
            String problem = problem(item);
            if (problem == null && !seen.add(item.kind() + "/" + item.code())) {
                problem = "appears twice in the batch";
            }
            if (problem != null) {
                throw new SyncRefused(400, "bad-reference-item", "reference item " + (i + 1) + " of " + items.size()
                        + (item == null || item.kind() == null ? "" : " (" + item.kind() + " " + item.code() + ")") + ": " + problem);
            }
        }
        ReferenceRepository.Published published = database.dsl().transactionResult(tx ->
                new ReferenceRepository(tx.dsl()).publish(items, caller.officeCode(), clock.instant()));
        LOG.info("reference data from office {}: {} item(s), {} changed, now at version {}", caller.officeCode(),
                items.size(), published.changed(), published.highWater());
        return new ReferencePublishReply(items.size(), published.changed(), published.highWater(), published.before());
    }

    private static String problem(ReferenceItem item) {
        if (item == null || item.kind() == null || item.kind() == ReferenceKind.UNKNOWN) {
            return "no kind, or a kind this server does not know";
        }
        if (item.code() == null || item.code().isBlank() || item.code().length() > MAX_CODE) {
            return "a code of 1 to " + MAX_CODE + " characters is required";
        }
        if (item.data() == null) {
            return "no data";
        }
        if (item.data().toString().length() > MAX_ITEM_CHARS) {
            return "larger than " + MAX_ITEM_CHARS + " characters";
        }
        if (item.kind() == ReferenceKind.GRID && (!item.data().path("areaCode").isTextual()
                || !item.data().path("areaCode").asText().matches("\\d{1,12}"))) {
            return "a grid needs its areaCode (up to 12 digits)";
        }
        return null;
    }

    ReferencePullReply pull(SyncService.Caller caller, ReferencePull pull) {
        // A replica behind the office answers with nothing new and leaves its cursor where it is; the next round's
        // hello, which reads the primary's mark, asks again.
        ReferenceRepository repository = new ReferenceRepository(pullReads.forEpoch(
                new ServerRepository(database.dsl()).currentEpoch()));
        // Read first: every version at or below it is committed (versions are taken in commit order).
        long highWater = repository.highWater();
        int limit = pull.limit() <= 0 ? SyncLimits.MAX_REFERENCE_ITEMS : Math.min(pull.limit(), SyncLimits.MAX_REFERENCE_ITEMS);
        long since = Math.max(0, pull.since());
        List<ReferenceItem> items = repository.changedAfter(since, highWater, limit + 1, caller.jurisdiction().isCity(),
                caller.jurisdiction().areas());
        // A page stops at about PAGE_CHARS of content too (outlines can be large), always with at least one item, so
        // a reply stays well under the protocol's body limit however large the items are.
        int end = 0;
        long chars = 0;
        while (end < Math.min(items.size(), limit)) {
            chars += items.get(end).data().toString().length();
            if (end > 0 && chars > PAGE_CHARS) {
                break;
            }
            end++;
        }
        boolean more = items.size() > end;
        List<ReferenceItem> shown = items.subList(0, end);
        // With nothing more visible the cursor moves to the high-water mark, past other offices' grids.
        long next = more ? shown.get(shown.size() - 1).version() : Math.max(since, highWater);
        return new ReferencePullReply(List.copyOf(shown), next, more);
    }
}
