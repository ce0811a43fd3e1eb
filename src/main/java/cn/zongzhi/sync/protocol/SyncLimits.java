package cn.zongzhi.sync.protocol;

import java.time.Duration;

/** Bounds both sides agree on. */
public final class SyncLimits {
    /** Mutations in one push; a client with more sends several batches. */
    public static final int MAX_MUTATIONS_PER_PUSH = 500;
    /** A request body, compressed or not, and a decompressed one alike. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_PULL_PAGE = 200;
    public static final int MAX_PULL_PAGE = 1000;
    /** Reference items in one publication or one page of a reference pull (a grid's outline can be kilobytes). */
    public static final int MAX_REFERENCE_ITEMS = 500;
    /** One reference item's content as JSON text (a district's outline can be large, not larger). */
    public static final int MAX_REFERENCE_ITEM_CHARS = 1_000_000;
    /**
     * One mediation case's snapshot as JSON text: parties, sessions with their minutes, the agreement. Hundreds of
     * pages of text; a larger case is refused rather than risking a push or a page over {@link #MAX_BODY_BYTES}.
     */
    public static final int MAX_CASE_CHARS = 200_000;
    /**
     * The text of the mutations in one push and of the changes in one pull page stays under this (at least one
     * always goes): at three bytes a character for Chinese, well inside {@link #MAX_BODY_BYTES}.
     */
    public static final int MAX_BATCH_CHARS = 1_500_000;
    /** One attachment's content, sent and fetched on its own rather than inside a JSON body (decision 0018). */
    public static final int MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
    /**
     * One part of an attachment sent in parts: a file larger than this goes part by part, so a link cut midway
     * costs the part under way, not the file (decision 0018).
     */
    public static final int ATTACHMENT_PART_BYTES = 1024 * 1024;
    /** How far ahead of the server's clock a hybrid-clock stamp may be before it is clamped. */
    public static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

    private SyncLimits() {
    }
}
