package cn.zongzhi.ui;

import cn.zongzhi.common.SameThreadRunner;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PagedRowsTest {
    private final List<Integer> fetchedOffsets = new ArrayList<>();
    private final List<String> previousRows = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final PagedRows<String> rows = new PagedRows<>(new SameThreadRunner(), 100, failures::add);

    private List<String> fetch(int offset, int limit, String previous) {
        fetchedOffsets.add(offset);
        previousRows.add(previous);
        return IntStream.range(offset, Math.min(offset + limit, 1_000_000)).mapToObj(i -> "row " + i).toList();
    }

    @Test
    void aMillionRowsCostOnlyThePagesThatAreLookedAt() {
        rows.reset(this::fetch, 1_000_000);

        assertThat(rows).hasSize(1_000_000);
        assertThat(rows.get(250_050)).isNull();
        assertThat(rows.get(250_050)).isEqualTo("row 250050");
        assertThat(rows.get(250_099)).isEqualTo("row 250099");
        assertThat(rows.get(0)).isNull();
        assertThat(rows.get(0)).isEqualTo("row 0");

        assertThat(fetchedOffsets).containsExactly(250_000, 0);
    }

    @Test
    void scrollingForwardHandsTheQueryTheRowBeforeThePageAndAJumpDoesNot() {
        rows.reset(this::fetch, 1_000);

        rows.get(0);
        rows.get(100);
        rows.get(750);
        rows.get(850);

        assertThat(fetchedOffsets).containsExactly(0, 100, 700, 800);
        assertThat(previousRows).containsExactly(null, "row 99", null, "row 799");
    }

    @Test
    void announcesArrivingRowsAsReplacementsSoCellsRedraw() {
        rows.reset(this::fetch, 1_000);
        List<String> changes = new ArrayList<>();
        rows.addListener((ListChangeListener<String>) change -> {
            while (change.next()) {
                changes.add(change.wasReplaced() + ":" + change.getFrom() + "-" + change.getTo());
            }
        });

        rows.get(950);

        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).isEqualTo("true:900-1000");
    }

    @Test
    void keepsABoundedNumberOfPages() {
        rows.reset(this::fetch, 1_000_000);
        for (int page = 0; page < PagedRows.MAX_CACHED_PAGES + 10; page++) {
            rows.get(page * 100);
        }

        assertThat(rows.isLoaded(0)).isFalse();
        assertThat(rows.isLoaded((PagedRows.MAX_CACHED_PAGES + 9) * 100)).isTrue();
        long loaded = IntStream.range(0, PagedRows.MAX_CACHED_PAGES + 10).filter(page -> rows.isLoaded(page * 100)).count();
        assertThat(loaded).isEqualTo(PagedRows.MAX_CACHED_PAGES);
    }

    @Test
    void aResetDropsTheOldQuerysRowsAndAFailureIsReported() {
        rows.reset(this::fetch, 500);
        rows.get(10);
        rows.reset((offset, limit, previous) -> {
            throw new IllegalStateException("database gone");
        }, 20);

        assertThat(rows).hasSize(20);
        assertThat(rows.get(10)).isNull();
        assertThat(failures).singleElement().satisfies(f -> assertThat(f).hasMessage("database gone"));
    }
}
