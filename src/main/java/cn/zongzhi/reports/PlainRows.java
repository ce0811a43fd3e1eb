package cn.zongzhi.reports;

import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Reads the rows of a statement jOOQ built straight from the JDBC result, for the report statements that fold
 * tens of thousands of rows into a few sums. Through jOOQ's records each timestamp was fetched as text and parsed
 * again, which cost more than H2 reading the row (docs/benchmarks.md, 2026-12-03 second session).
 */
final class PlainRows {
    private static final int FETCH_SIZE = 2_000;

    private PlainRows() {
    }

    /** One row: read its columns (1-based) from the result; do not move the cursor. */
    @FunctionalInterface
    interface Row {
        void read(ResultSet row) throws SQLException;
    }

    static void forEach(ResultQuery<?> query, Row each) {
        try (ResultSet rows = query.fetchSize(FETCH_SIZE).fetchResultSet()) {
            while (rows.next()) {
                each.read(rows);
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the rows of a report statement", e);
        }
    }

    static OffsetDateTime moment(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class);
    }
}
