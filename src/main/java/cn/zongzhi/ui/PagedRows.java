package cn.zongzhi.ui;

import cn.zongzhi.common.BackgroundRunner;
import javafx.collections.ObservableListBase;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A list as long as the query's row count whose rows are fetched a page at a time, only when a virtualised
 * control asks for them. Unfetched rows read as {@code null} until their page arrives; at most
 * {@link #MAX_CACHED_PAGES} pages are kept, so memory stays flat on a million rows.
 *
 * @param <T> the row type
 */
public final class PagedRows<T> extends ObservableListBase<T> {
    public static final int MAX_CACHED_PAGES = 30;

    /** Fetches rows [offset, offset + limit) of the current query; runs off the FX thread. */
    @FunctionalInterface
    public interface PageSource<T> {
        /**
         * @param previous the row just before {@code offset} when the list holds it (the page before is loaded), so
         *                 that the query can start after it instead of counting off {@code offset} rows; else null
         */
        List<T> fetch(int offset, int limit, T previous) throws Exception;
    }

    private final BackgroundRunner runner;
    private final int pageSize;
    private final Consumer<Throwable> onFailure;
    private final Map<Integer, List<T>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<T>> eldest) {
            return size() > MAX_CACHED_PAGES;
        }
    };
    private final Set<Integer> requested = new HashSet<>();
    private final List<Runnable> resetListeners = new java.util.ArrayList<>();
    private PageSource<T> source;
    private int size;
    // Bumped on every reset so that a page of an old query arriving late is thrown away.
    private long generation;

    public PagedRows(BackgroundRunner runner, int pageSize, Consumer<Throwable> onFailure) {
        this.runner = runner;
        this.pageSize = pageSize;
        this.onFailure = onFailure;
    }

    /** Points the list at a new query with {@code count} rows; drops every cached page. FX thread only. */
    public void reset(PageSource<T> newSource, int count) {
        generation++;
        source = newSource;
        pages.clear();
        requested.clear();
        int previous = size;
        size = count;
        beginChange();
        if (previous > 0) {
            nextRemove(0, new java.util.AbstractList<T>() {
                @Override
                public T get(int index) {
                    return null;
                }

                @Override
                public int size() {
                    return previous;
                }
            });
        }
        if (count > 0) {
            nextAdd(0, count);
        }
        endChange();
        resetListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every {@link #reset}, once the list stands for the new query. FX thread only. */
    public void addResetListener(Runnable listener) {
        resetListeners.add(listener);
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int page = index / pageSize;
        List<T> rows = pages.get(page);
        if (rows == null) {
            request(page);
            return null;
        }
        int inPage = index - page * pageSize;
        return inPage < rows.size() ? rows.get(inPage) : null;
    }

    @Override
    public int size() {
        return size;
    }

    /** Whether the row at this index has been fetched (for tests and for "loading…" cells). */
    public boolean isLoaded(int index) {
        return pages.containsKey(index / pageSize);
    }

    private void request(int page) {
        if (source == null || !requested.add(page)) {
            return;
        }
        long asked = generation;
        PageSource<T> query = source;
        // Scrolling forward, the page before is at hand; a jump (scroll bar, end key) has none and counts off rows.
        List<T> before = page > 0 ? pages.get(page - 1) : null;
        T previous = before != null && before.size() == pageSize ? before.get(pageSize - 1) : null;
        runner.read(() -> query.fetch(page * pageSize, pageSize, previous), rows -> {
            if (asked != generation) {
                return;
            }
            requested.remove(page);
            pages.put(page, rows);
            int from = page * pageSize;
            int to = Math.min(size, from + pageSize);
            if (from < to) {
                beginChange();
                // A replace (not an update) so that virtualised controls redraw the cells that showed "loading".
                for (int i = from; i < to; i++) {
                    nextSet(i, null);
                }
                endChange();
            }
        }, failure -> {
            requested.remove(page);
            onFailure.accept(failure);
        });
    }
}
