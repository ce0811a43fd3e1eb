package cn.zongzhi.db;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;

/**
 * A number that grows whenever an incident is written, for the screens that refresh when something changed (the
 * queue, the map). The newest change stamp alone missed an incident pulled from the city: it keeps the city's
 * stamp, which may be older than the newest local one. So the mark adds the counter behind the search index's
 * change notes (V018), which every writer of an incident draws from in its own transaction and which never goes
 * back, even when the notes are taken in and deleted. Both parts only grow, so their sum changes when either does.
 *
 * <p>The counter is drawn when a note is inserted, before its transaction commits; a screen that sees the mark move
 * may read before the commit, so it looks once more at its next tick (see the callers).
 */
public final class IncidentChangeMark {
    private IncidentChangeMark() {
    }

    public static long read(DSLContext dsl) {
        Long newestStamp = dsl.select(DSL.max(INCIDENT.HLC)).from(INCIDENT).fetchOne(0, Long.class);
        // H2 keeps an identity column's next value in its metadata: about 70 µs to read on the million-incident base.
        Long notes = dsl.fetchOptional("select identity_base from information_schema.columns where table_schema = 'PUBLIC'"
                + " and table_name = 'INCIDENT_SEARCH_PENDING' and column_name = 'SEQ'").map(row -> row.get(0, Long.class)).orElse(0L);
        return (newestStamp == null ? 0 : newestStamp) + (notes == null ? 0 : notes);
    }
}
