package cn.zongzhi.incidents;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_SEARCH_PENDING;

/**
 * What the free-text index reads from the database: the incidents written since it last looked (the pending
 * list every writer of an incident adds to in its own transaction), their searchable columns, and all of them
 * in id order for a rebuild.
 */
public final class IncidentSearchRepository {
    private final DSLContext dsl;

    public IncidentSearchRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Plain JDBC, as the bulk insert it sits beside (a note per imported row). */
    private static final String INSERT_NOTE = "insert into incident_search_pending (incident_id) values (?)";

    /**
     * Notes incidents the index must read again; called in the transaction that wrote them, so that the note and
     * the change commit (or roll back) together.
     */
    public static void markChanged(DSLContext dsl, Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return;
        }
        dsl.connection(connection -> {
            try (var insert = connection.prepareStatement(INSERT_NOTE)) {
                for (UUID id : incidentIds) {
                    insert.setObject(1, id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** One note of the pending list. */
    public record Pending(long seq, UUID incidentId) {
    }

    /** The oldest notes, at most {@code limit}. */
    public List<Pending> pending(int limit) {
        return dsl.select(INCIDENT_SEARCH_PENDING.SEQ, INCIDENT_SEARCH_PENDING.INCIDENT_ID).from(INCIDENT_SEARCH_PENDING)
                .orderBy(INCIDENT_SEARCH_PENDING.SEQ).limit(limit)
                .fetch(row -> new Pending(row.value1(), row.value2()));
    }

    /** Every note's sequence number: a rebuild deletes exactly these once its index is committed. */
    public List<Long> pendingSequences() {
        return dsl.select(INCIDENT_SEARCH_PENDING.SEQ).from(INCIDENT_SEARCH_PENDING).fetch(INCIDENT_SEARCH_PENDING.SEQ);
    }

    public int pendingCount() {
        return dsl.fetchCount(INCIDENT_SEARCH_PENDING);
    }

    /** Deletes notes whose changes the index has committed. */
    public void deletePending(Collection<Long> sequences) {
        List<Long> all = new ArrayList<>(sequences);
        for (int from = 0; from < all.size(); from += 1_000) {
            dsl.deleteFrom(INCIDENT_SEARCH_PENDING)
                    .where(INCIDENT_SEARCH_PENDING.SEQ.in(all.subList(from, Math.min(all.size(), from + 1_000)))).execute();
        }
    }

    /** An incident's searchable text and the columns the queue filters and sorts by. */
    public record Searchable(UUID id, String caseNo, String title, String description, String address, String status,
                             String categoryCode, String areaCode, UUID gridId, String departmentCode, String channel,
                             String riskLevel, Instant reportedAt, Instant dueAt, boolean voided) {
    }

    /** The rows of these incidents as they are now; an id without a row (deleted) is simply absent. */
    public List<Searchable> rows(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return dsl.select(COLUMNS).from(INCIDENT).where(INCIDENT.ID.in(ids)).fetch(IncidentSearchRepository::toSearchable);
    }

    /** The next {@code limit} incidents by id after {@code after} (null: from the first): a rebuild's read. */
    public List<Searchable> rowsAfter(UUID after, int limit) {
        return dsl.select(COLUMNS).from(INCIDENT)
                .where(after == null ? DSL.noCondition() : INCIDENT.ID.gt(after))
                .orderBy(INCIDENT.ID).limit(limit)
                .fetch(IncidentSearchRepository::toSearchable);
    }

    /** Titles and addresses of {@code limit} incidents from a place in id order: words to benchmark searches with. */
    public List<String> sampleTexts(int offset, int limit) {
        List<String> texts = new ArrayList<>();
        dsl.select(INCIDENT.TITLE, INCIDENT.ADDRESS).from(INCIDENT).orderBy(INCIDENT.ID).offset(offset).limit(limit)
                .forEach(row -> {
                    texts.add(row.value1());
                    texts.add(row.value2());
                });
        return texts;
    }

    public int incidentCount() {
        return dsl.fetchCount(INCIDENT);
    }

    /** The codes of a category and every category under it, as the queue's filter selects them. */
    public List<String> categorySubtree(String rootCode) {
        return dsl.fetch(IncidentQueueRepository.categorySubtree(rootCode)).getValues(0, String.class);
    }

    /** A grid and, for a comprehensive grid, the micro grids inside it, as the queue's filter selects them. */
    public List<UUID> gridAndChildren(UUID gridId) {
        return dsl.fetch(IncidentQueueRepository.gridSubtree(gridId)).getValues(0, UUID.class);
    }

    private static final List<org.jooq.SelectField<?>> COLUMNS = List.of(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.TITLE,
            INCIDENT.DESCRIPTION, INCIDENT.ADDRESS, INCIDENT.STATUS, INCIDENT.CATEGORY_CODE, INCIDENT.AREA_CODE,
            INCIDENT.GRID_ID, INCIDENT.DEPARTMENT_CODE, INCIDENT.CHANNEL, INCIDENT.RISK_LEVEL, INCIDENT.REPORTED_AT,
            INCIDENT.DUE_AT, INCIDENT.VOIDED);

    private static Searchable toSearchable(Record row) {
        return new Searchable(row.get(INCIDENT.ID), row.get(INCIDENT.CASE_NO), row.get(INCIDENT.TITLE),
                row.get(INCIDENT.DESCRIPTION), row.get(INCIDENT.ADDRESS), row.get(INCIDENT.STATUS),
                row.get(INCIDENT.CATEGORY_CODE), row.get(INCIDENT.AREA_CODE), row.get(INCIDENT.GRID_ID),
                row.get(INCIDENT.DEPARTMENT_CODE), row.get(INCIDENT.CHANNEL), row.get(INCIDENT.RISK_LEVEL),
                row.get(INCIDENT.REPORTED_AT).toInstant(),
                row.get(INCIDENT.DUE_AT) == null ? null : row.get(INCIDENT.DUE_AT).toInstant(),
                Boolean.TRUE.equals(row.get(INCIDENT.VOIDED)));
    }
}
