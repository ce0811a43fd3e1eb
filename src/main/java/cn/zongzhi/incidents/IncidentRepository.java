package cn.zongzhi.incidents;

import cn.zongzhi.db.jooq.tables.records.IncidentRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.CASE_NUMBER_COUNTER;
import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_REPORTER;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;

/** Incidents, their history and their reporters; one instance per transaction's context. */
public final class IncidentRepository {
    private final DSLContext dsl;

    public IncidentRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<CategoryRule> categoryRule(String code) {
        return dsl.selectFrom(INCIDENT_CATEGORY)
                .where(INCIDENT_CATEGORY.CODE.eq(code))
                .fetchOptional(row -> new CategoryRule(row.getCode(), row.getName(), row.getDefaultDepartmentCode(),
                        row.getFallbackDepartmentCode(), row.getTimeLimit(), row.getTimeLimitUnit(), row.getEmergency()));
    }

    /** The next per-office, per-day case number, counted inside the caller's transaction. */
    public String nextCaseNumber(String prefix, LocalDate day) {
        return new cn.zongzhi.db.CaseNumberRepository(dsl).next(prefix, day, INCIDENT, INCIDENT.CASE_NO, 6);
    }

    public Optional<IncidentDetail> detail(UUID id) {
        var area = ADMIN_AREA.as("detail_area");
        var category = INCIDENT_CATEGORY.as("detail_category");
        return dsl.select(INCIDENT.asterisk(), category.NAME, area.NAME, DEPARTMENT.NAME)
                .from(INCIDENT)
                .leftJoin(category).on(category.CODE.eq(INCIDENT.CATEGORY_CODE))
                .leftJoin(area).on(area.CODE.eq(INCIDENT.AREA_CODE))
                .leftJoin(DEPARTMENT).on(DEPARTMENT.CODE.eq(INCIDENT.DEPARTMENT_CODE))
                .where(INCIDENT.ID.eq(id))
                .fetchOptional(row -> {
                    IncidentRecord incident = row.into(INCIDENT);
                    StoredIncident stored = toStored(incident);
                    List<IncidentEvent> events = history(id);
                    return new IncidentDetail(id, incident.getCaseNo(), stored.state(), incident.getCategoryCode(),
                            row.get(category.NAME), incident.getTitle(), incident.getDescription(), incident.getAddress(),
                            incident.getLongitude(), incident.getLatitude(), row.get(area.NAME), incident.getDepartmentCode(),
                            row.get(DEPARTMENT.NAME), incident.getChannel(), incident.getRiskLevel(), incident.getReporterName(),
                            incident.getReporterPhone(), instant(incident.getReportedAt()), instant(incident.getDueAt()),
                            instant(incident.getRequestedDueAt()), incident.getResultNote(), incident.getSatisfaction(),
                            events, IncidentStateMachine.allowedActions(stored.state()), linkedDisputes(id),
                            stored.rowVersion(), false, Boolean.TRUE.equals(incident.getVoided()) ? null : cityRefusal(id));
                });
    }

    /**
     * Whether the city refused to create this incident (市级未接收, decision 0019), with the reason it gave for the
     * refused creation; null while it does not stand refused.
     */
    private IncidentDetail.CityRefusal cityRefusal(UUID id) {
        if (!dsl.fetchExists(INCIDENT_SYNC, INCIDENT_SYNC.INCIDENT_ID.eq(id).and(INCIDENT_SYNC.STATE.eq("REFUSED")))) {
            return null;
        }
        String reasonCode = dsl.select(SYNC_OUTBOX.REASON_CODE).from(SYNC_OUTBOX)
                .where(SYNC_OUTBOX.ENTITY_KIND.eq("INCIDENT")).and(SYNC_OUTBOX.ENTITY_ID.eq(id))
                .and(SYNC_OUTBOX.MUTATION_KIND.eq("CREATE")).and(SYNC_OUTBOX.OUTCOME.eq("REJECTED"))
                .orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE.desc()).limit(1)
                .fetchOptional(SYNC_OUTBOX.REASON_CODE).orElse(null);
        return new IncidentDetail.CityRefusal(reasonCode);
    }

    /** Whether a dispute taken up from this incident has been concluded. */
    public boolean hasConcludedDispute(UUID incidentId) {
        var dispute = cn.zongzhi.db.jooq.Tables.DISPUTE;
        return dsl.fetchExists(dispute, dispute.INCIDENT_ID.eq(incidentId).and(dispute.STATUS.eq("CLOSED"))
                .and(dispute.VOIDED.isFalse()));
    }

    private List<IncidentDetail.LinkedDispute> linkedDisputes(UUID incidentId) {
        var dispute = cn.zongzhi.db.jooq.Tables.DISPUTE;
        return dsl.select(dispute.CASE_NO, dispute.STATUS, dispute.OUTCOME).from(dispute)
                .where(dispute.INCIDENT_ID.eq(incidentId).and(dispute.VOIDED.isFalse()))
                .orderBy(dispute.REGISTERED_AT)
                .fetch(row -> new IncidentDetail.LinkedDispute(row.value1(), row.value2(), row.value3()));
    }

    /** Earlier incidents reported from this phone number, newest first (重复来电). */
    /** @param areaPrefix only incidents of this area subtree and those without an area; null for all */
    public List<IncidentSummary> byReporterPhone(String phone, String areaPrefix, int limit) {
        return new IncidentQueueRepository(dsl).byReporterPhone(phone, areaPrefix, limit);
    }

    /** How many earlier incidents this phone number reported, within the area subtree as {@link #byReporterPhone}. */
    public int countByReporterPhone(String phone, String areaPrefix) {
        return new IncidentQueueRepository(dsl).countByReporterPhone(phone, areaPrefix);
    }

    /**
     * Open incidents near a point (a box of the given half-size in degrees), of one category, reported within
     * the window; the caller measures the exact distance.
     */
    public List<NearbyIncident> openNear(String categoryCode, double longitude, double latitude, double halfDegrees,
                                         Instant from, Instant to, UUID except) {
        return dsl.select(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.TITLE, INCIDENT.LONGITUDE, INCIDENT.LATITUDE,
                        INCIDENT.REPORTER_PHONE, INCIDENT.REPORTED_AT, INCIDENT.AREA_CODE, INCIDENT.ROW_VERSION)
                .from(INCIDENT)
                .where(INCIDENT.CATEGORY_CODE.eq(categoryCode))
                .and(INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED"))
                .and(INCIDENT.VOIDED.isFalse())
                .and(INCIDENT.REPORTED_AT.between(at(from), at(to)))
                .and(INCIDENT.LONGITUDE.between(longitude - halfDegrees, longitude + halfDegrees))
                .and(INCIDENT.LATITUDE.between(latitude - halfDegrees, latitude + halfDegrees))
                .and(except == null ? DSL.trueCondition() : INCIDENT.ID.ne(except))
                .limit(50)
                .fetch(row -> new NearbyIncident(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7().toInstant(), row.value8(), row.value9(),
                        NearbyIncident.Reason.SAME_CATEGORY_NEARBY));
    }

    /** Open incidents reported from this phone (however it was written) within the window. */
    public List<NearbyIncident> openFromPhone(String phone, Instant from, UUID except) {
        return dsl.select(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.TITLE, INCIDENT.LONGITUDE, INCIDENT.LATITUDE,
                        INCIDENT.REPORTER_PHONE, INCIDENT.REPORTED_AT, INCIDENT.AREA_CODE, INCIDENT.ROW_VERSION)
                .from(INCIDENT)
                .where(INCIDENT.REPORTER_PHONE_KEY.eq(CallerPhone.key(phone)))
                .and(INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED"))
                .and(INCIDENT.REPORTED_AT.ge(at(from)))
                .and(except == null ? DSL.trueCondition() : INCIDENT.ID.ne(except))
                .limit(50)
                .fetch(row -> new NearbyIncident(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7().toInstant(), row.value8(), row.value9(), NearbyIncident.Reason.SAME_CALLER));
    }

    /** Records that a duplicate now lives on in its parent: its reporter joins the parent's. */
    public void linkMerged(StoredIncident child, UUID parentId, String office, long hlc) {
        dsl.insertInto(INCIDENT_REPORTER, INCIDENT_REPORTER.ID, INCIDENT_REPORTER.INCIDENT_ID, INCIDENT_REPORTER.CHANNEL,
                        INCIDENT_REPORTER.REPORTER_NAME, INCIDENT_REPORTER.REPORTER_PHONE, INCIDENT_REPORTER.REPORTED_AT,
                        INCIDENT_REPORTER.MERGED_FROM_ID, INCIDENT_REPORTER.ORIGIN_OFFICE, INCIDENT_REPORTER.HLC)
                .select(DSL.select(DSL.val(cn.zongzhi.common.Ids.newId()), DSL.val(parentId), INCIDENT_REPORTER.CHANNEL,
                                INCIDENT_REPORTER.REPORTER_NAME, INCIDENT_REPORTER.REPORTER_PHONE, INCIDENT_REPORTER.REPORTED_AT,
                                DSL.val(child.id()), DSL.val(office), DSL.val(hlc))
                        .from(INCIDENT_REPORTER).where(INCIDENT_REPORTER.INCIDENT_ID.eq(child.id())).limit(1))
                .execute();
    }

    /** Everyone who reported the incident, merged duplicates included: channel and phone, oldest first. */
    public List<String> reporterChannels(UUID incidentId) {
        return dsl.select(INCIDENT_REPORTER.CHANNEL).from(INCIDENT_REPORTER)
                .where(INCIDENT_REPORTER.INCIDENT_ID.eq(incidentId)).orderBy(INCIDENT_REPORTER.REPORTED_AT)
                .fetch(INCIDENT_REPORTER.CHANNEL);
    }

    /**
     * What the escalation sweep can act on, oldest deadline first: incidents still against their deadline that are
     * either due after {@code now} and before {@code urgeBefore} (to urge), or at a level below the top whose deadline
     * is at or before that level's entry of {@code dueByLevel} (late enough to go one level up). Incidents at the top
     * level, or not late enough for their next level, are not read: otherwise thousands of them (挂账 cases stay
     * against their deadline for good) fill every batch and new ones are never chased.
     *
     * @param dueByLevel for each level from 0, the latest deadline that is late enough to leave that level
     */
    public List<StoredIncident> escalationCandidates(Instant now, Instant urgeBefore, List<Instant> dueByLevel, int limit) {
        Condition chaseable = INCIDENT.DUE_AT.gt(at(now)).and(INCIDENT.DUE_AT.lt(at(urgeBefore)));
        for (int level = 0; level < dueByLevel.size(); level++) {
            chaseable = chaseable.or(INCIDENT.ESCALATION_LEVEL.eq(level).and(INCIDENT.DUE_AT.le(at(dueByLevel.get(level)))));
        }
        return dsl.selectFrom(INCIDENT)
                .where(INCIDENT.STATUS.in(IncidentQueueRepository.deadlineStatuses()))
                .and(INCIDENT.DUE_AT.lt(at(urgeBefore)))
                .and(INCIDENT.VOIDED.isFalse())
                .and(chaseable)
                .orderBy(INCIDENT.DUE_AT)
                .limit(limit)
                .fetch(IncidentRepository::toStored);
    }

    public boolean hasEventSince(UUID incidentId, IncidentAction action, Instant since) {
        return dsl.fetchExists(INCIDENT_EVENT, INCIDENT_EVENT.INCIDENT_ID.eq(incidentId)
                .and(INCIDENT_EVENT.ACTION.eq(action.name()))
                .and(since == null ? DSL.trueCondition() : INCIDENT_EVENT.OCCURRED_AT.ge(at(since))));
    }

    public Instant dispatchedAt(UUID incidentId) {
        OffsetDateTime value = dsl.select(INCIDENT.DISPATCHED_AT).from(INCIDENT).where(INCIDENT.ID.eq(incidentId))
                .fetchOne(INCIDENT.DISPATCHED_AT);
        return instant(value);
    }

    public void insertAttachment(UUID id, UUID incidentId, String fileName, String mediaType, byte[] content, Instant addedAt,
                                 String office, long hlc) {
        dsl.insertInto(INCIDENT_ATTACHMENT)
                .set(INCIDENT_ATTACHMENT.ID, id)
                .set(INCIDENT_ATTACHMENT.INCIDENT_ID, incidentId)
                .set(INCIDENT_ATTACHMENT.FILE_NAME, fileName)
                .set(INCIDENT_ATTACHMENT.MEDIA_TYPE, mediaType)
                .set(INCIDENT_ATTACHMENT.SIZE_BYTES, (long) content.length)
                .set(INCIDENT_ATTACHMENT.CONTENT, content)
                .set(INCIDENT_ATTACHMENT.ADDED_AT, at(addedAt))
                .set(INCIDENT_ATTACHMENT.ORIGIN_OFFICE, office)
                .set(INCIDENT_ATTACHMENT.HLC, hlc)
                .execute();
    }

    public List<Attachment> attachments(UUID incidentId) {
        return dsl.select(INCIDENT_ATTACHMENT.ID, INCIDENT_ATTACHMENT.FILE_NAME, INCIDENT_ATTACHMENT.MEDIA_TYPE,
                        INCIDENT_ATTACHMENT.SIZE_BYTES, INCIDENT_ATTACHMENT.ADDED_AT)
                .from(INCIDENT_ATTACHMENT).where(INCIDENT_ATTACHMENT.INCIDENT_ID.eq(incidentId))
                .orderBy(INCIDENT_ATTACHMENT.ADDED_AT)
                .fetch(row -> new Attachment(row.value1(), row.value2(), row.value3(), row.value4(), row.value5().toInstant()));
    }

    public int attachmentCount(UUID incidentId) {
        return dsl.fetchCount(INCIDENT_ATTACHMENT, INCIDENT_ATTACHMENT.INCIDENT_ID.eq(incidentId));
    }

    /** The incident a file belongs to. */
    public Optional<UUID> attachmentIncident(UUID attachmentId) {
        return dsl.select(INCIDENT_ATTACHMENT.INCIDENT_ID).from(INCIDENT_ATTACHMENT).where(INCIDENT_ATTACHMENT.ID.eq(attachmentId))
                .fetchOptional(INCIDENT_ATTACHMENT.INCIDENT_ID);
    }

    public Optional<byte[]> attachmentContent(UUID attachmentId) {
        return dsl.select(INCIDENT_ATTACHMENT.CONTENT).from(INCIDENT_ATTACHMENT).where(INCIDENT_ATTACHMENT.ID.eq(attachmentId))
                .fetchOptional(INCIDENT_ATTACHMENT.CONTENT);
    }

    /** A photo or document on an incident, without its bytes. */
    public record Attachment(UUID id, String fileName, String mediaType, long sizeBytes, Instant addedAt) {
    }

    /** @param rowVersion the version it was read at: a merge into it decided on this read carries it */
    public record NearbyIncident(UUID id, String caseNo, String title, Double longitude, Double latitude, String phone,
                                 Instant reportedAt, String areaCode, long rowVersion, Reason reason) {
        /** Why it may be the same matter: the operator weighs a neighbour's report and a caller's other matter differently. */
        public enum Reason { SAME_CATEGORY_NEARBY, SAME_CALLER, BOTH }

        NearbyIncident because(Reason why) {
            return new NearbyIncident(id, caseNo, title, longitude, latitude, phone, reportedAt, areaCode, rowVersion, why);
        }
    }

    public Optional<StoredIncident> find(UUID id) {
        return dsl.selectFrom(INCIDENT).where(INCIDENT.ID.eq(id)).fetchOptional(IncidentRepository::toStored);
    }

    /**
     * Where an incident stands with the city: LOCAL (never handed to the outbox; its whole state goes as one
     * creation at the next round), PENDING or SYNCED, REFUSED (the city refused its creation: it goes again as a new
     * creation once resubmitted), and the server version its row is based on.
     */
    public record SyncMark(String syncState, Long serverVersion, boolean demo) {
        /**
         * Steps on it must travel as outbox rows: the city knows it, or a row creating it is queued. Not on a REFUSED
         * one: they would be refused as edits of an incident the city lacks; its resubmitted creation carries them.
         */
        public boolean travels() {
            return !demo && ("PENDING".equals(syncState) || "SYNCED".equals(syncState));
        }
    }

    /**
     * Read after the step's own row update, and locked: a sync round queueing this incident holds its standing row
     * until the creation is written, so what this reads includes the round's work, and a round that comes after
     * this read waits for the step to commit and puts its result in the creation (decision 0019).
     */
    public SyncMark syncMark(UUID id) {
        boolean demo = dsl.select(INCIDENT.DEMO).from(INCIDENT).where(INCIDENT.ID.eq(id)).fetchOne(INCIDENT.DEMO);
        return dsl.select(INCIDENT_SYNC.STATE, INCIDENT_SYNC.SERVER_VERSION).from(INCIDENT_SYNC)
                .where(INCIDENT_SYNC.INCIDENT_ID.eq(id)).forUpdate().fetchOptional()
                .map(row -> new SyncMark(row.value1(), row.value2(), demo)).orElse(new SyncMark("LOCAL", null, demo));
    }

    /** A local change of an incident the city had confirmed: it is PENDING until the city's answer comes back. */
    private void markChangedForCity(UUID id) {
        dsl.update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, "PENDING").where(INCIDENT_SYNC.INCIDENT_ID.eq(id))
                .and(INCIDENT_SYNC.STATE.eq("SYNCED")).execute();
    }

    public Optional<StoredIncident> findByCaseNo(String caseNo) {
        return dsl.selectFrom(INCIDENT).where(INCIDENT.CASE_NO.eq(caseNo)).fetchOptional(IncidentRepository::toStored);
    }

    /**
     * The incident with this case number, locked until the transaction ends: what a merge checked of its parent (open,
     * at the version the operator saw) still holds when the merge commits, though the merge writes nothing to its row.
     */
    public Optional<StoredIncident> findByCaseNoForUpdate(String caseNo) {
        return dsl.selectFrom(INCIDENT).where(INCIDENT.CASE_NO.eq(caseNo)).forUpdate().fetchOptional(IncidentRepository::toStored);
    }

    /**
     * Writes the outcome of an action, but only if nobody changed the incident since it was read
     * (row_version unchanged); false means the caller must re-read and decide again.
     */
    public boolean applyChange(StoredIncident before, IncidentChange change, long hlc) {
        var update = dsl.update(INCIDENT)
                .set(INCIDENT.STATUS, change.state().status().name())
                .set(INCIDENT.REWORK_COUNT, change.state().reworkCount())
                .set(INCIDENT.EXTENSION_PENDING, change.state().extensionPending())
                .set(INCIDENT.ESCALATION_LEVEL, change.state().escalationLevel())
                .set(INCIDENT.DEPARTMENT_CODE, change.departmentCode())
                .set(INCIDENT.DUE_AT, at(change.dueAt()))
                .set(INCIDENT.REQUESTED_DUE_AT, at(change.requestedDueAt()))
                .set(INCIDENT.ROW_VERSION, before.rowVersion() + 1)
                .set(INCIDENT.HLC, hlc);
        if (change.acceptedAt() != null) {
            update = update.set(INCIDENT.ACCEPTED_AT, at(change.acceptedAt()));
        }
        if (change.dispatchedAt() != null) {
            update = update.set(INCIDENT.DISPATCHED_AT, at(change.dispatchedAt()));
        }
        if (change.resolvedAt() != null) {
            update = update.set(INCIDENT.RESOLVED_AT, at(change.resolvedAt()));
        }
        if (change.closedAt() != null) {
            update = update.set(INCIDENT.CLOSED_AT, at(change.closedAt()));
        }
        if (change.satisfaction() != null) {
            update = update.set(INCIDENT.SATISFACTION, change.satisfaction().name());
        }
        if (change.resultNote() != null) {
            update = update.set(INCIDENT.RESULT_NOTE, change.resultNote());
        }
        if (change.parentIncidentId() != null) {
            update = update.set(INCIDENT.PARENT_INCIDENT_ID, change.parentIncidentId());
        }
        boolean written = update.where(INCIDENT.ID.eq(before.id()).and(INCIDENT.ROW_VERSION.eq(before.rowVersion()))).execute() == 1;
        if (written) {
            IncidentSearchRepository.markChanged(dsl, List.of(before.id()));
            markChangedForCity(before.id());
        }
        return written;
    }

    /**
     * Writes corrected descriptive fields, but only if nobody changed the incident since it was read (as
     * {@link #applyChange}); false means the caller must read it again.
     */
    public boolean applyEdit(StoredIncident before, java.util.Map<EditableField, Object> values, long hlc) {
        return applyEdit(before, values, null, false, hlc);
    }

    /** As {@link #applyEdit(StoredIncident, java.util.Map, long)}, and with {@code placed} the grid set to {@code gridId}. */
    public boolean applyEdit(StoredIncident before, java.util.Map<EditableField, Object> values, UUID gridId, boolean placed,
                             long hlc) {
        java.util.Map<org.jooq.Field<?>, Object> columns = new java.util.LinkedHashMap<>();
        values.forEach((field, value) -> columns.put(column(field), value));
        if (placed) {
            columns.put(INCIDENT.GRID_ID, gridId);
        }
        columns.put(INCIDENT.ROW_VERSION, before.rowVersion() + 1);
        columns.put(INCIDENT.HLC, hlc);
        boolean written = dsl.update(INCIDENT).set(columns)
                .where(INCIDENT.ID.eq(before.id()).and(INCIDENT.ROW_VERSION.eq(before.rowVersion()))).execute() == 1;
        if (written) {
            IncidentSearchRepository.markChanged(dsl, List.of(before.id()));
            markChangedForCity(before.id());
        }
        return written;
    }

    private static org.jooq.Field<?> column(EditableField field) {
        return switch (field) {
            case TITLE -> INCIDENT.TITLE;
            case DESCRIPTION -> INCIDENT.DESCRIPTION;
            case ADDRESS -> INCIDENT.ADDRESS;
            case CATEGORY_CODE -> INCIDENT.CATEGORY_CODE;
            case RISK_LEVEL -> INCIDENT.RISK_LEVEL;
            case REPORTER_NAME -> INCIDENT.REPORTER_NAME;
            case REPORTER_PHONE -> INCIDENT.REPORTER_PHONE;
            case LONGITUDE -> INCIDENT.LONGITUDE;
            case LATITUDE -> INCIDENT.LATITUDE;
            case AREA_CODE -> INCIDENT.AREA_CODE;
            case DEPARTMENT_CODE -> INCIDENT.DEPARTMENT_CODE;
        };
    }

    /** The incident's stored longitude and latitude, either null when not recorded. */
    public Double[] point(UUID incidentId) {
        var row = dsl.select(INCIDENT.LONGITUDE, INCIDENT.LATITUDE).from(INCIDENT).where(INCIDENT.ID.eq(incidentId)).fetchOne();
        return row == null ? new Double[2] : new Double[] {row.value1(), row.value2()};
    }

    public boolean areaExists(String code) {
        return dsl.fetchExists(cn.zongzhi.db.jooq.Tables.ADMIN_AREA, cn.zongzhi.db.jooq.Tables.ADMIN_AREA.CODE.eq(code));
    }

    public boolean departmentExists(String code) {
        return dsl.fetchExists(cn.zongzhi.db.jooq.Tables.DEPARTMENT, cn.zongzhi.db.jooq.Tables.DEPARTMENT.CODE.eq(code));
    }

    /**
     * Names the operator who wrote an event that was inserted in a batch (the batch carries names only): the
     * intake's report, so that "我的" (what I acted on) lists what the operator registered.
     */
    public void setEventOperator(UUID eventId, UUID operatorId) {
        dsl.update(INCIDENT_EVENT).set(INCIDENT_EVENT.OPERATOR_ID, operatorId).where(INCIDENT_EVENT.ID.eq(eventId)).execute();
    }

    public void insertEvent(UUID incidentId, IncidentEvent event, UUID operatorId, String office, long hlc) {
        dsl.insertInto(INCIDENT_EVENT)
                .set(INCIDENT_EVENT.ID, event.id())
                .set(INCIDENT_EVENT.INCIDENT_ID, incidentId)
                .set(INCIDENT_EVENT.ACTION, event.action().name())
                .set(INCIDENT_EVENT.FROM_STATUS, event.from() == null ? null : event.from().name())
                .set(INCIDENT_EVENT.TO_STATUS, event.to() == null ? null : event.to().name())
                .set(INCIDENT_EVENT.OPERATOR_ID, operatorId)
                .set(INCIDENT_EVENT.OPERATOR_NAME, event.operatorName())
                .set(INCIDENT_EVENT.DEPARTMENT_CODE, event.departmentCode())
                .set(INCIDENT_EVENT.NOTE, event.note())
                .set(INCIDENT_EVENT.OCCURRED_AT, at(event.occurredAt()))
                .set(INCIDENT_EVENT.ORIGIN_OFFICE, office)
                .set(INCIDENT_EVENT.HLC, hlc)
                .execute();
    }

    /**
     * The highest sequence already used in case numbers of this prefix, per day (0 if none): the larger of the
     * day's counter and the numbers already in the table. Two prepared statements executed once per day: an import
     * with a year of dates asks for hundreds of days in its first batch, and rendering and parsing two queries per
     * day cost more than answering them (docs/benchmarks.md).
     */
    public java.util.Map<LocalDate, Integer> highestCaseSequences(String prefix, java.util.Collection<LocalDate> days) {
        java.util.Map<LocalDate, Integer> highest = new java.util.HashMap<>();
        if (days.isEmpty()) {
            return highest;
        }
        dsl.connection(connection -> {
            try (java.sql.PreparedStatement counted = connection.prepareStatement(
                         "select last_value from case_number_counter where prefix = ? and counter_date = ?");
                 // A range on the unique case number index, as startsWith would be; the numbers of one day share a stem.
                 java.sql.PreparedStatement used = connection.prepareStatement(
                         "select max(cast(substring(case_no, ?) as int)) from incident where case_no >= ? and case_no < ?")) {
                for (LocalDate day : days) {
                    String stem = prefix + day.toString().replace("-", "") + "-";
                    counted.setString(1, prefix);
                    counted.setObject(2, day);
                    int value = 0;
                    try (java.sql.ResultSet row = counted.executeQuery()) {
                        if (row.next()) {
                            value = row.getInt(1);
                        }
                    }
                    used.setInt(1, stem.length() + 1);
                    used.setString(2, stem);
                    used.setString(3, stem.substring(0, stem.length() - 1) + (char) (stem.charAt(stem.length() - 1) + 1));
                    try (java.sql.ResultSet row = used.executeQuery()) {
                        if (row.next()) {
                            value = Math.max(value, row.getInt(1));
                        }
                    }
                    highest.put(day, value);
                }
            }
        });
        return highest;
    }

    /** Records the last sequence used per day, so that the console's next number of that day follows on. */
    public void saveCaseSequences(String prefix, java.util.Map<LocalDate, Integer> lastValues) {
        if (lastValues.isEmpty()) {
            return;
        }
        // One statement per day, sent together: a batch of an import with a year of dates touches every day.
        var merges = dsl.batch(dsl.mergeInto(CASE_NUMBER_COUNTER, CASE_NUMBER_COUNTER.PREFIX, CASE_NUMBER_COUNTER.COUNTER_DATE,
                        CASE_NUMBER_COUNTER.LAST_VALUE)
                .key(CASE_NUMBER_COUNTER.PREFIX, CASE_NUMBER_COUNTER.COUNTER_DATE)
                .values((String) null, (LocalDate) null, (Integer) null));
        lastValues.forEach((day, value) -> merges.bind(prefix, day, value));
        merges.execute();
    }

    public java.util.Set<String> existingExternalIds(java.util.Collection<String> externalIds) {
        return new java.util.HashSet<>(dsl.select(INCIDENT.EXTERNAL_ID).from(INCIDENT)
                .where(INCIDENT.EXTERNAL_ID.in(externalIds)).fetch(INCIDENT.EXTERNAL_ID));
    }

    /**
     * Drops the non-unique indexes of the incident tables until the result is closed (a bulk load builds them
     * once at the end). DDL: not inside a transaction.
     */
    public cn.zongzhi.db.DeferredIndexes deferIndexes() {
        return cn.zongzhi.db.DeferredIndexes.dropFor(dsl, INCIDENT, INCIDENT_REPORTER, INCIDENT_EVENT);
    }

    private static final String INSERT_INCIDENT = "insert into incident (id, case_no, external_id, channel, category_code,"
            + " title, description, address, longitude, latitude, area_code, grid_id, risk_level, reporter_name, reporter_phone,"
            + " status, department_code, reported_at, accepted_at, dispatched_at, due_at, resolved_at, closed_at, satisfaction,"
            + " rework_count, result_note, demo, origin_office, hlc)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_REPORTER = "insert into incident_reporter (id, incident_id, channel, reporter_name,"
            + " reporter_phone, reported_at, origin_office, hlc) values (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_EVENT = "insert into incident_event (id, incident_id, action, from_status, to_status,"
            + " operator_name, department_code, note, occurred_at, origin_office, hlc) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Writes incidents, their first reporter and their events with batched statements; one transaction is the caller's.
     *
     * <p>Plain JDBC batches rather than jOOQ's: jOOQ's batch wraps every bound value in a typed field, which was a
     * third of the time of the insert itself in a profile of a 20,000-row import (docs/benchmarks.md). The column
     * lists are checked against the generated tables by the import and demo tests, which read the rows back.
     */
    public void insertAll(List<BulkIncident> incidents) {
        if (incidents.isEmpty()) {
            return;
        }
        dsl.connection(connection -> {
            try (java.sql.PreparedStatement rows = connection.prepareStatement(INSERT_INCIDENT);
                 java.sql.PreparedStatement reporters = connection.prepareStatement(INSERT_REPORTER);
                 java.sql.PreparedStatement events = connection.prepareStatement(INSERT_EVENT)) {
                boolean anyEvents = false;
                for (BulkIncident incident : incidents) {
                    bind(rows, incident.id(), incident.caseNo(), incident.externalId(), incident.channel().name(),
                            incident.categoryCode(), incident.title(), incident.description(), incident.address(),
                            incident.longitude(), incident.latitude(), incident.areaCode(), incident.gridId(),
                            incident.riskLevel() == null ? null : incident.riskLevel().name(), incident.reporterName(),
                            incident.reporterPhone(), incident.status().name(), incident.departmentCode(),
                            at(incident.reportedAt()), at(incident.acceptedAt()), at(incident.dispatchedAt()),
                            at(incident.dueAt()), at(incident.resolvedAt()), at(incident.closedAt()),
                            incident.satisfaction() == null ? null : incident.satisfaction().name(), incident.reworkCount(),
                            incident.resultNote(), incident.demo(), incident.originOffice(), incident.hlc());
                    // The first reporter row shares the incident's id: one per incident, and stable across re-imports.
                    bind(reporters, incident.id(), incident.id(), incident.channel().name(), incident.reporterName(),
                            incident.reporterPhone(), at(incident.reportedAt()), incident.originOffice(), incident.hlc());
                    for (IncidentEvent event : incident.events()) {
                        anyEvents = true;
                        bind(events, event.id(), incident.id(), event.action().name(),
                                event.from() == null ? null : event.from().name(), event.to() == null ? null : event.to().name(),
                                event.operatorName(), event.departmentCode(), event.note(), at(event.occurredAt()),
                                incident.originOffice(), incident.hlc());
                    }
                }
                rows.executeBatch();
                reporters.executeBatch();
                if (anyEvents) {
                    events.executeBatch();
                }
            }
        });
        // The search index's notes, in the same transaction as the rows (docs/decisions/0015).
        IncidentSearchRepository.markChanged(dsl, incidents.stream().map(BulkIncident::id).toList());
        // An office's own incidents wait for their first round (decision 0019); demo rows never travel.
        markLocal(dsl, incidents.stream().filter(incident -> !incident.demo()).map(BulkIncident::id).toList());
    }

    /** Incidents this office holds that the city has never been sent: the next round queues each as a creation. */
    private static void markLocal(DSLContext dsl, java.util.Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return;
        }
        dsl.connection(connection -> {
            try (java.sql.PreparedStatement local = connection.prepareStatement(
                    "insert into incident_sync (incident_id, state) values (?, 'LOCAL')")) {
                for (UUID id : incidentIds) {
                    bind(local, id);
                }
                local.executeBatch();
            }
        });
    }

    private static void bind(java.sql.PreparedStatement statement, Object... values) throws java.sql.SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        statement.addBatch();
    }

    public int count() {
        return dsl.fetchCount(INCIDENT);
    }

    /**
     * An incident's history, oldest first. A step whose action or status this console does not know (sent by a newer
     * city server) is left out rather than making the whole incident unreadable.
     */
    public List<IncidentEvent> history(UUID incidentId) {
        return dsl.selectFrom(INCIDENT_EVENT)
                .where(INCIDENT_EVENT.INCIDENT_ID.eq(incidentId))
                .orderBy(INCIDENT_EVENT.OCCURRED_AT, INCIDENT_EVENT.HLC)
                .fetch().stream().flatMap(row -> {
                    try {
                        return java.util.stream.Stream.of(new IncidentEvent(row.getId(), IncidentAction.valueOf(row.getAction()),
                                row.getFromStatus() == null ? null : IncidentStatus.valueOf(row.getFromStatus()),
                                row.getToStatus() == null ? null : IncidentStatus.valueOf(row.getToStatus()),
                                row.getOperatorName(), row.getDepartmentCode(), row.getNote(), row.getOccurredAt().toInstant()));
                    } catch (IllegalArgumentException unknown) {
                        return java.util.stream.Stream.empty();
                    }
                }).toList();
    }

    private static StoredIncident toStored(IncidentRecord row) {
        IncidentState state = new IncidentState(IncidentStatus.valueOf(row.getStatus()), row.getReworkCount(),
                row.getExtensionPending(), row.getEscalationLevel());
        return new StoredIncident(row.getId(), row.getCaseNo(), state, row.getCategoryCode(), row.getDepartmentCode(),
                instant(row.getReportedAt()), instant(row.getDueAt()), instant(row.getRequestedDueAt()), row.getRowVersion(),
                row.getAreaCode());
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
