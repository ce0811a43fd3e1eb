package cn.zongzhi.server;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where pulls read (decision 0008): the read replica while it holds the primary's history (the same epoch), the
 * primary otherwise. After a restore with a new epoch, a replica still replaying the old history would hand out
 * changes numbered in a history the offices are told to forget; an unreachable replica is passed over. A replica
 * behind the primary answers with what it has: its high-water marks are its own, so a cursor never passes what it
 * lacks, and a later pull brings the rest. The change feed and the reference data share this rule.
 */
final class PullReads {
    private static final Logger LOG = LoggerFactory.getLogger(PullReads.class);

    private final ServerDatabase primary;
    private final ServerDatabase replica;

    /** @param replica a read replica of {@code primary}; null when the primary answers pulls */
    PullReads(ServerDatabase primary, ServerDatabase replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /** The database a pull in {@code epoch} (the primary's) reads. */
    DSLContext forEpoch(String epoch) {
        if (replica == null) {
            return primary.dsl();
        }
        try {
            if (epoch != null && epoch.equals(new ServerRepository(replica.dsl()).currentEpoch())) {
                return replica.dsl();
            }
            LOG.warn("the read replica is not in epoch {}: this pull reads the primary", epoch);
        } catch (DataAccessException unreachable) {
            LOG.warn("the read replica cannot be read ({}): this pull reads the primary", unreachable.getMessage());
        }
        return primary.dsl();
    }

    boolean isPrimary(DSLContext dsl) {
        return dsl == primary.dsl();
    }

    /** The replica's epoch and how many numbered changes it trails the primary by (null when unreadable); null without one. */
    Map<String, Object> health() {
        if (replica == null) {
            return null;
        }
        Map<String, Object> health = new LinkedHashMap<>();
        long ahead = new SyncRepository(primary.dsl()).highWater();
        try {
            long replicated = new SyncRepository(replica.dsl()).highWater();
            health.put("epoch", new ServerRepository(replica.dsl()).currentEpoch());
            health.put("changesBehind", Math.max(0, ahead - replicated));
        } catch (DataAccessException unreadable) {
            health.put("changesBehind", null);
        }
        return health;
    }
}
