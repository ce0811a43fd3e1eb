package cn.zongzhi.incidents;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queue's free-text search (docs/decisions/0015): a Lucene index beside the database with one document per
 * incident that is not voided, holding its title, description and address as words (StandardAnalyzer: each
 * Chinese character a token, digits and Latin words whole) and the columns the queue filters and sorts by. The
 * operator's text is searched as a phrase, so "垃圾" finds the two characters side by side as the old LIKE did.
 *
 * <p>The database stays the truth. Every writer of an incident notes its id in {@code incident_search_pending}
 * in its own transaction; the index takes those notes in before every search (so an operator finds what was just
 * saved) and in the background, and deletes them only after its own commit. A missing or unreadable index, or one
 * of an older format, is rebuilt in the background; until it is {@link #ready()} the queue searches with LIKE.
 * The queue reads the rows of a page from the database and tests its filters on them again, so an index behind
 * by a moment can leave a row out, never show one that does not belong.
 */
public final class IncidentTextIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentTextIndex.class);
    /** Raised whenever a document's fields or analysis change: an index of another format is rebuilt. */
    static final String FORMAT = "1";
    private static final String FORMAT_KEY = "format";
    private static final String[] TEXT_FIELDS = {"title", "description", "address"};
    /** Applied-but-uncommitted notes above this are committed at once, which bounds what a catch-up re-reads. */
    private static final int COMMIT_AFTER = 2_000;
    private static final int READ_BATCH = 2_000;
    /** More notes than this waiting at start (a bulk load) are cheaper to take in by a rebuild. */
    private static final int REBUILD_ABOVE = 200_000;
    /** A search takes in at most this many notes itself; more is a backlog the background works through. */
    private static final int SEARCH_BACKLOG = 500;
    /** How long a search waits for the background's commit or catch-up before it reads the database instead. */
    private static final long SEARCH_WAIT_MS = 300;

    private final IncidentSearchRepository repository;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Held by whoever changes the writer: a catch-up, a rebuild, a commit, the close. */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    /** Notes applied to the writer and not yet committed; deleted from the database after the commit. */
    private final Set<Long> applied = new LinkedHashSet<>();
    private volatile boolean ready;
    private volatile double buildProgress;
    private final AtomicBoolean closing = new AtomicBoolean();
    private ScheduledExecutorService background;

    private IncidentTextIndex(Path folder, IncidentSearchRepository repository) throws IOException {
        this.repository = repository;
        Files.createDirectories(folder);
        this.directory = FSDirectory.open(folder);
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(32);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, new SearcherFactory());
        Map<String, String> committed = new HashMap<>();
        Iterable<Map.Entry<String, String>> commitData = writer.getLiveCommitData();
        if (commitData != null) {
            commitData.forEach(entry -> committed.put(entry.getKey(), entry.getValue()));
        }
        this.ready = FORMAT.equals(committed.get(FORMAT_KEY));
        this.buildProgress = ready ? 1 : 0;
    }

    /**
     * Opens the index in {@code folder}, creating it empty if there is none. An index that cannot be opened
     * (damaged) is deleted and started again: it is only a copy of what the database holds.
     */
    public static IncidentTextIndex open(Path folder, IncidentSearchRepository repository) {
        try {
            return new IncidentTextIndex(folder, repository);
        } catch (org.apache.lucene.store.LockObtainFailedException inUse) {
            // Another program holds it: not damaged, and not ours to delete.
            throw new UncheckedIOException(inUse);
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("search index in {} unreadable, starting it again: {}", folder, unreadable.toString());
            try {
                deleteFolder(folder);
                return new IncidentTextIndex(folder, repository);
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        }
    }

    /** The index's folder for a database file: beside it, named after it. */
    public static Path folderFor(Path databaseFile) {
        String name = databaseFile.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
        return databaseFile.resolveSibling(name + ".search");
    }

    /**
     * Deletes the index of a database that was replaced (a restore): it describes the old one, and its notes were
     * in the old file. The next start builds it again.
     */
    public static void discardFor(Path databaseFile) {
        try {
            deleteFolder(folderFor(databaseFile));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * Starts the background work: a rebuild when the index is not complete (or a bulk load left more notes than a
     * rebuild costs), then taking in notes and committing every {@code period}.
     */
    public void start(java.time.Duration period) {
        background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "search-index");
            thread.setDaemon(true);
            return thread;
        });
        if (ready && repository.pendingCount() > REBUILD_ABOVE) {
            // Searches go to the database until the rebuild is done, rather than wait for it behind the lock.
            ready = false;
        }
        background.execute(() -> {
            try {
                if (!ready) {
                    rebuild();
                }
            } catch (RuntimeException failure) {
                LOG.warn("search index not built; the queue searches without it", failure);
            }
        });
        background.scheduleWithFixedDelay(this::catchUpAndCommitQuietly, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether searches can use the index (false while it is being built). */
    public boolean ready() {
        return ready;
    }

    /** How far the index's build has come, 0 to 1: 1 once it is complete, 0 before a build starts. */
    public double buildProgress() {
        return buildProgress;
    }

    /** Whether the index can answer this filter: a text, and no filter it does not hold (history, figures). */
    public boolean serves(IncidentFilter filter) {
        return ready && filter.text() != null && !filter.text().isBlank() && filter.actedBy() == null
                && filter.loop() == null
                && !filter.unlocated();
    }

    /** The number of incidents the filter holds; empty when the index cannot answer now (see {@link #upToDate}). */
    public java.util.OptionalInt count(IncidentFilter filter) {
        if (!upToDate()) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(withSearcher(searcher -> searcher.count(query(filter))));
    }

    /** The ids of one page in the sort's order; empty when the index cannot answer now. */
    public Optional<List<UUID>> page(IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        if (!upToDate()) {
            return Optional.empty();
        }
        return Optional.of(withSearcher(searcher -> {
            TopFieldDocs top = searcher.search(query(filter), Math.max(1, offset + limit), sort(sort));
            return ids(searcher, top.scoreDocs, offset);
        }));
    }

    /** The ids of the page that follows {@code after} (a row of the same filter and sort); empty as for {@link #page}. */
    public Optional<List<UUID>> pageAfter(IncidentFilter filter, IncidentSort sort, IncidentSummary after, int limit) {
        if (!upToDate()) {
            return Optional.empty();
        }
        return Optional.of(withSearcher(searcher -> {
            org.apache.lucene.search.TopDocs top = searcher.searchAfter(
                    position(sort, after, searcher.getIndexReader().maxDoc() - 1), query(filter), Math.max(1, limit), sort(sort));
            return ids(searcher, top.scoreDocs, 0);
        }));
    }

    /**
     * Brings the index up to date for a search: takes in the few notes written since the last look (so an operator
     * finds what was just saved). False, and the search goes to the database, when the index is not built or a
     * backlog is being worked through (a bulk import or a sync page from the command line): a search must not wait
     * behind thousands of documents. One read of an empty table when nothing changed.
     */
    private boolean upToDate() {
        if (!ready) {
            return false;
        }
        try {
            if (!lock.tryLock(SEARCH_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return ready && applyNotes(SEARCH_BACKLOG);
        } finally {
            lock.unlock();
        }
    }

    /** Takes in every note written since the last look: the background's catch-up. */
    public void catchUp() {
        if (!ready) {
            return;
        }
        lock.lock();
        try {
            if (ready) {
                applyNotes(Integer.MAX_VALUE);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the notes not yet applied, if there are at most {@code atMost} of them (else nothing, and false), and
     * makes them searchable; durable only at the next commit. Called with the lock held.
     */
    private boolean applyNotes(int atMost) {
        try {
            boolean changed = false;
            int taken = 0;
            while (true) {
                int batch = (int) Math.min(READ_BATCH, (long) atMost - taken + 1);
                List<IncidentSearchRepository.Pending> notes = new ArrayList<>();
                for (IncidentSearchRepository.Pending note : repository.pending(applied.size() + batch)) {
                    if (!applied.contains(note.seq())) {
                        notes.add(note);
                    }
                }
                if (notes.isEmpty()) {
                    break;
                }
                if (taken + notes.size() > atMost) {
                    if (changed) {
                        searchers.maybeRefreshBlocking();
                    }
                    return false;
                }
                Set<UUID> ids = new LinkedHashSet<>();
                notes.forEach(note -> ids.add(note.incidentId()));
                Map<UUID, IncidentSearchRepository.Searchable> rows = new HashMap<>();
                repository.rows(ids).forEach(row -> rows.put(row.id(), row));
                for (UUID id : ids) {
                    IncidentSearchRepository.Searchable row = rows.get(id);
                    if (row == null || row.voided()) {
                        writer.deleteDocuments(new Term("id", id.toString()));
                    } else {
                        writer.updateDocument(new Term("id", id.toString()), document(row));
                    }
                }
                notes.forEach(note -> applied.add(note.seq()));
                taken += notes.size();
                changed = true;
                if (applied.size() >= COMMIT_AFTER) {
                    commit();
                }
            }
            if (changed) {
                searchers.maybeRefreshBlocking();
            }
            return true;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * Builds the index again from every incident, in id order, then commits it and deletes the notes that were
     * waiting when it began (their changes are in what it read; later notes are taken in after). Searches use LIKE
     * meanwhile. Stops, keeping the previous commit, when the index is closed.
     */
    public void rebuild() {
        lock.lock();
        try {
            ready = false;
            buildProgress = 0;
            try {
                List<Long> waiting = repository.pendingSequences();
                int total = Math.max(1, repository.incidentCount());
                long started = System.nanoTime();
                writer.deleteAll();
                UUID after = null;
                int done = 0;
                while (!closing.get()) {
                    List<IncidentSearchRepository.Searchable> rows = repository.rowsAfter(after, READ_BATCH);
                    if (rows.isEmpty()) {
                        break;
                    }
                    for (IncidentSearchRepository.Searchable row : rows) {
                        if (!row.voided()) {
                            writer.updateDocument(new Term("id", row.id().toString()), document(row));
                        }
                    }
                    after = rows.get(rows.size() - 1).id();
                    done += rows.size();
                    buildProgress = Math.min(0.99, done / (double) total);
                }
                if (closing.get()) {
                    return;
                }
                applied.clear();
                applied.addAll(waiting);
                commit();
                searchers.maybeRefreshBlocking();
                ready = true;
                LOG.info("search index built: {} incidents in {} ms", done, (System.nanoTime() - started) / 1_000_000);
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            } finally {
                buildProgress = ready ? 1 : 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Commits what was taken in and deletes its notes; the notes stay if the commit fails. */
    private void commit() throws IOException {
        writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT).entrySet());
        writer.commit();
        if (!applied.isEmpty()) {
            repository.deletePending(applied);
            applied.clear();
        }
    }

    private void catchUpAndCommitQuietly() {
        try {
            catchUp();
            lock.lock();
            try {
                if (ready && (!applied.isEmpty() || writer.hasUncommittedChanges())) {
                    commit();
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException failure) {
            LOG.warn("search index not brought up to date: {}", failure.toString());
        }
    }

    /** Stops the background work, commits what was taken in (unless a rebuild was cut short) and closes. */
    @Override
    public void close() {
        closing.set(true);
        if (background != null) {
            // Not shutdownNow: an interrupt inside H2's file I/O closes its file channel. A rebuild under way
            // stops at its next batch (it watches `closing`); a catch-up is short.
            background.shutdown();
            try {
                background.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            try {
                searchers.close();
                if (ready) {
                    commit();
                    writer.close();
                } else {
                    // A rebuild cut short: the previous commit stays, and its notes are still in the database.
                    writer.rollback();
                }
            } catch (IOException | RuntimeException failure) {
                LOG.warn("search index not closed cleanly; it is rebuilt or caught up at the next start: {}", failure.toString());
            } finally {
                try {
                    directory.close();
                } catch (IOException ignored) {
                    // Nothing to do: the folder is read again at the next start.
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Document document(IncidentSearchRepository.Searchable row) {
        Document document = new Document();
        String id = row.id().toString();
        document.add(new StringField("id", id, Field.Store.YES));
        document.add(new SortedDocValuesField("id", new BytesRef(id)));
        document.add(new StringField("case_no", row.caseNo(), Field.Store.NO));
        document.add(new SortedDocValuesField("case_no", new BytesRef(row.caseNo())));
        addText(document, "title", row.title());
        addText(document, "description", row.description());
        addText(document, "address", row.address());
        addKeyword(document, "status", row.status());
        addKeyword(document, "category", row.categoryCode());
        addKeyword(document, "area", row.areaCode() == null ? null : row.areaCode().trim());
        addKeyword(document, "grid", row.gridId() == null ? null : row.gridId().toString());
        addKeyword(document, "department", row.departmentCode());
        addKeyword(document, "channel", row.channel());
        addKeyword(document, "risk", row.riskLevel());
        long reported = micros(row.reportedAt());
        document.add(new LongPoint("reported", reported));
        document.add(new NumericDocValuesField("reported", reported));
        if (row.dueAt() != null) {
            long due = micros(row.dueAt());
            document.add(new LongPoint("due", due));
            document.add(new NumericDocValuesField("due", due));
        }
        return document;
    }

    private static void addText(Document document, String field, String value) {
        if (value != null && !value.isBlank()) {
            document.add(new TextField(field, value, Field.Store.NO));
        }
    }

    private static void addKeyword(Document document, String field, String value) {
        if (value != null) {
            document.add(new StringField(field, value, Field.Store.NO));
        }
    }

    /** The filter as a query: the text in any of the three fields (or the whole case number), and every filter. */
    private Query query(IncidentFilter filter) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(textQuery(filter.text().trim()), BooleanClause.Occur.MUST);
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            query.add(terms("status", filter.statuses().stream().map(Enum::name).toList()), BooleanClause.Occur.FILTER);
        }
        if (filter.categoryCode() != null && !filter.categoryCode().isBlank()) {
            query.add(terms("category", repository.categorySubtree(filter.categoryCode().trim())), BooleanClause.Occur.FILTER);
        }
        if (filter.areaCodePrefix() != null && !filter.areaCodePrefix().isBlank()) {
            query.add(new PrefixQuery(new Term("area", filter.areaCodePrefix().trim())), BooleanClause.Occur.FILTER);
        }
        if (filter.gridId() != null) {
            query.add(terms("grid", repository.gridAndChildren(filter.gridId()).stream().map(UUID::toString).toList()),
                    BooleanClause.Occur.FILTER);
        }
        addEquality(query, "department", filter.departmentCode());
        addEquality(query, "channel", filter.channel());
        addEquality(query, "risk", filter.riskLevel());
        if (filter.dueBefore() != null) {
            long from = filter.dueFrom() == null ? Long.MIN_VALUE : micros(filter.dueFrom());
            query.add(LongPoint.newRangeQuery("due", from, micros(filter.dueBefore()) - 1), BooleanClause.Occur.FILTER);
            query.add(terms("status", IncidentQueueRepository.deadlineStatuses()), BooleanClause.Occur.FILTER);
        }
        if (filter.reportedFrom() != null || filter.reportedTo() != null) {
            long from = filter.reportedFrom() == null ? Long.MIN_VALUE : micros(filter.reportedFrom());
            long to = filter.reportedTo() == null ? Long.MAX_VALUE : micros(filter.reportedTo()) - 1;
            query.add(LongPoint.newRangeQuery("reported", from, to), BooleanClause.Occur.FILTER);
        }
        return query.build();
    }

    private Query textQuery(String text) {
        QueryBuilder phrases = new QueryBuilder(analyzer);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String field : TEXT_FIELDS) {
            Query phrase = phrases.createPhraseQuery(field, text);
            if (phrase != null) {
                any.add(phrase, BooleanClause.Occur.SHOULD);
            }
        }
        any.add(new TermQuery(new Term("case_no", text)), BooleanClause.Occur.SHOULD);
        return any.build();
    }

    private static Query terms(String field, List<String> values) {
        if (values.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }

    private static void addEquality(BooleanQuery.Builder query, String field, String value) {
        if (value != null) {
            query.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER);
        }
    }

    /** The queue's orders; the id breaks ties, as in the database's ORDER BY. */
    private static Sort sort(IncidentSort sort) {
        return switch (sort) {
            case NEWEST_FIRST -> new Sort(new SortField("reported", SortField.Type.LONG, true),
                    new SortField("id", SortField.Type.STRING, true));
            case OLDEST_FIRST -> new Sort(new SortField("reported", SortField.Type.LONG),
                    new SortField("id", SortField.Type.STRING));
            case DUE_SOONEST -> {
                SortField due = new SortField("due", SortField.Type.LONG);
                due.setMissingValue(Long.MAX_VALUE);
                yield new Sort(due, new SortField("id", SortField.Type.STRING));
            }
            case CASE_NUMBER -> new Sort(new SortField("case_no", SortField.Type.STRING));
        };
    }

    /**
     * A row's place in the sort, for Lucene's search-after. The sort values are unique with the id, so the
     * document number Lucene compares last decides only for the row itself, which the last document number keeps out.
     */
    private static FieldDoc position(IncidentSort sort, IncidentSummary after, int lastDocument) {
        BytesRef id = new BytesRef(after.id().toString());
        Object[] values = switch (sort) {
            case NEWEST_FIRST, OLDEST_FIRST -> new Object[]{micros(after.reportedAt()), id};
            case DUE_SOONEST -> new Object[]{after.dueAt() == null ? Long.MAX_VALUE : micros(after.dueAt()), id};
            case CASE_NUMBER -> new Object[]{new BytesRef(after.caseNo())};
        };
        return new FieldDoc(lastDocument, Float.NaN, values);
    }

    private static List<UUID> ids(IndexSearcher searcher, ScoreDoc[] hits, int offset) throws IOException {
        List<UUID> ids = new ArrayList<>();
        StoredFields stored = searcher.storedFields();
        for (int i = offset; i < hits.length; i++) {
            ids.add(UUID.fromString(stored.document(hits[i].doc, Set.of("id")).get("id")));
        }
        return ids;
    }

    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Microseconds since the epoch: the database's precision, so a range ends exactly where the SQL's does. */
    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** For tests: whether a document is in the searchable view (after a catch-up). */
    int documentCount() {
        catchUp();
        return withSearcher(searcher -> searcher.getIndexReader().numDocs());
    }
}
