package cn.zongzhi.incidents;

import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Ids;
import cn.zongzhi.db.OutboxRepository;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The seat operator's use cases: register an incident, move it through the closed loop, read its history.
 * Every change and its history event are written in one transaction; the state machine decides first.
 */
public final class IncidentService {
    private static final int MAX_TITLE = 300;
    private static final Set<IncidentAction> NEED_REASON = EnumSet.of(IncidentAction.DECLINE, IncidentAction.RETURN,
            IncidentAction.SUSPEND, IncidentAction.REJECT_VERIFICATION, IncidentAction.REFUSE_EXTENSION,
            IncidentAction.REQUEST_EXTENSION, IncidentAction.SUPERVISE);
    private static final Set<IncidentAction> NEED_RESULT = EnumSet.of(IncidentAction.RESOLVE, IncidentAction.HANDLE_ON_SPOT);

    private final DSLContext dsl;
    private final DeadlineRule deadlines;
    private final BiFunction<Double, Double, Location> locator;
    private final HybridClock hlc;
    private final Clock clock;
    private final ZoneId zone;
    private final String officeCode;
    private final String caseNumberPrefix;
    /** The free-text index, or null: searches then read the database with LIKE. */
    private final IncidentTextIndex textIndex;
    /** How a refused creation is sent again; null where this console has none (the queue then points to the sync screen). */
    private volatile CityResubmission resubmission;

    /** Where a point lies: its community's area code and grid, as far as they are known. */
    public record Location(String areaCode, UUID gridId) {
        public static final Location UNKNOWN = new Location(null, null);
    }

    public IncidentService(DSLContext dsl, DeadlineRule deadlines, BiFunction<Double, Double, Location> locator,
                           HybridClock hlc, Clock clock, ZoneId zone, String officeCode, String caseNumberPrefix) {
        this(dsl, deadlines, locator, hlc, clock, zone, officeCode, caseNumberPrefix, null);
    }

    public IncidentService(DSLContext dsl, DeadlineRule deadlines, BiFunction<Double, Double, Location> locator,
                           HybridClock hlc, Clock clock, ZoneId zone, String officeCode, String caseNumberPrefix,
                           IncidentTextIndex textIndex) {
        this.textIndex = textIndex;
        this.dsl = dsl;
        this.deadlines = deadlines;
        this.locator = locator;
        this.hlc = hlc;
        this.clock = clock;
        this.zone = zone;
        this.officeCode = officeCode;
        this.caseNumberPrefix = caseNumberPrefix;
    }

    public StoredIncident register(NewIncident input, Operator operator) {
        return register(input, List.of(), operator);
    }

    /**
     * Registers an incident with the photos taken in at intake, all in one transaction: an incident is never saved
     * without its photos, nor a photo without its incident. The photos are checked as {@link #attach} checks them,
     * before anything is written, and each is noted in the history after the report.
     */
    public StoredIncident register(NewIncident input, List<NewAttachment> photos, Operator operator) {
        // Photos taken with the call are part of the intake: the intake permission covers them.
        Access.require(operator, Permission.INCIDENT_INTAKE);
        String title = input.title() == null ? "" : input.title().trim();
        if (title.isEmpty()) {
            throw new IncidentException(IncidentException.Reason.TITLE_MISSING);
        }
        if (title.length() > MAX_TITLE) {
            throw new IncidentException(IncidentException.Reason.TITLE_TOO_LONG);
        }
        if (input.channel() == null) {
            throw new IncidentException(IncidentException.Reason.CHANNEL_MISSING);
        }
        boolean hasPoint = input.longitude() != null && input.latitude() != null;
        if (hasPoint && (Math.abs(input.longitude()) > 180 || Math.abs(input.latitude()) > 90)) {
            throw new IncidentException(IncidentException.Reason.COORDINATES_OUT_OF_RANGE);
        }
        if (photos.size() > MAX_ATTACHMENTS) {
            throw new IncidentException(IncidentException.Reason.ATTACHMENT_COUNT);
        }
        List<NewAttachment> checkedPhotos = photos.stream().map(IncidentService::checked).toList();
        Location location = hasPoint ? locator.apply(input.longitude(), input.latitude()) : Location.UNKNOWN;
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            CategoryRule category = null;
            if (input.categoryCode() != null && !input.categoryCode().isBlank()) {
                category = incidents.categoryRule(input.categoryCode())
                        .orElseThrow(() -> new IncidentException(IncidentException.Reason.UNKNOWN_CATEGORY));
            }
            UUID id = Ids.newId();
            long stamp = hlc.next();
            IncidentEvent reportedEvent = new IncidentEvent(Ids.newId(), IncidentAction.REPORT, null,
                    IncidentStatus.REPORTED, operator.displayName(), null, channelNote(input.channel()), now);
            incidents.insertAll(List.of(new BulkIncident(id,
                    incidents.nextCaseNumber(caseNumberPrefix, LocalDate.ofInstant(now, zone)), null, input.channel(),
                    category == null ? null : category.code(), title, input.description(), input.address(),
                    input.longitude(), input.latitude(), location.areaCode(), location.gridId(), input.riskLevel(),
                    input.reporterName(), CallerPhone.stored(input.reporterPhone()), IncidentStatus.REPORTED,
                    category == null ? null : category.defaultDepartmentCode(), now, null, null, null, null, null, null,
                    0, null, false, officeCode, stamp, List.of(reportedEvent))));
            incidents.setEventOperator(reportedEvent.id(), operator.id());
            StoredIncident stored = incidents.find(id).orElseThrow();
            for (NewAttachment photo : checkedPhotos) {
                store(incidents, stored, photo, operator, now);
            }
            return stored;
        });
    }

    /**
     * What the city needs to keep the same record of the step: when it was taken, the department chosen, the
     * deadline the step started (computed here on this office's calendar) and a requested extension date.
     */
    private static String stepRecord(IncidentAction action, ActionInput input, IncidentChange change, Instant now) {
        com.fasterxml.jackson.databind.node.ObjectNode record = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        record.put("at", now.toString());
        if (action == IncidentAction.DISPATCH) {
            record.put("departmentCode", change.departmentCode());
        }
        if (change.dispatchedAt() != null && change.dueAt() != null) {
            record.put("dueAt", change.dueAt().toString());
        }
        if (action == IncidentAction.REQUEST_EXTENSION && input.requestedDue() != null) {
            record.put("requestedDueAt", input.requestedDue().toString());
        }
        return record.toString();
    }

    private static String channelNote(Channel channel) {
        return "channel=" + channel.name();
    }

    /**
     * Applies one action of the closed loop to the incident as the operator saw it: refused as changed meanwhile when
     * its row version is no longer {@code seenVersion} (decision 0004), so a decision taken on what the screen showed
     * never lands on what someone else made of it since (a second 督办 click, a step on a case just returned).
     * Refuses with {@link TransitionRefused} or {@link IncidentException}.
     */
    public StoredIncident act(UUID incidentId, long seenVersion, IncidentAction action, ActionInput input, Operator operator) {
        return act(incidentId, Long.valueOf(seenVersion), action, input, operator);
    }

    /**
     * Applies one action to the incident as it stands now, whatever its version: for steps nobody decided on a shown
     * row (the mediation desk resolving the incident its dispute came from, benchmarks, tests). A screen passes the
     * version it showed.
     */
    public StoredIncident act(UUID incidentId, IncidentAction action, ActionInput input, Operator operator) {
        return act(incidentId, (Long) null, action, input, operator);
    }

    private StoredIncident act(UUID incidentId, Long seenVersion, IncidentAction action, ActionInput input, Operator operator) {
        Permission needed = permissionFor(action);
        Access.require(operator, needed);
        if (action == IncidentAction.MERGE) {
            throw new IncidentException(IncidentException.Reason.USE_MERGE);
        }
        String note = input.note() == null ? null : input.note().trim();
        if (NEED_REASON.contains(action) && (note == null || note.isEmpty())) {
            throw new IncidentException(IncidentException.Reason.REASON_REQUIRED);
        }
        if (NEED_RESULT.contains(action) && (note == null || note.isEmpty())) {
            throw new IncidentException(IncidentException.Reason.RESULT_REQUIRED);
        }
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            StoredIncident before = reachable(incidents, incidentId, operator, needed);
            requireSeen(before, seenVersion);
            IncidentState next = IncidentStateMachine.apply(before.state(), action, input.satisfaction());
            IncidentChange change = changeFor(incidents, before, next, action, input, note, now);
            long stamp = hlc.next();
            if (!incidents.applyChange(before, change, stamp)) {
                throw new IncidentException(IncidentException.Reason.CHANGED_MEANWHILE);
            }
            // Locked: a round queueing this incident meanwhile is waited for (see syncMark, decision 0019).
            IncidentRepository.SyncMark mark = incidents.syncMark(incidentId);
            // The event's id is the step's mutation id: when the city sends the step back, it is recognised.
            UUID eventId = Ids.newId();
            incidents.insertEvent(incidentId, new IncidentEvent(eventId, action, before.state().status(),
                    next.status(), operator.displayName(), change.departmentCode(), eventNote(action, input, note),
                    now), operator.id(), officeCode, stamp);
            if (mark.travels()) {
                new OutboxRepository(configuration.dsl()).appendStep("INCIDENT", new OutboxRepository.Step(eventId,
                        incidentId, mark.serverVersion(), stamp, operator.id() == null ? null : operator.id().toString(),
                        operator.displayName(), action.name(), before.state().status().name(), next.status().name(), note,
                        input.satisfaction() == null ? null : input.satisfaction().name(),
                        stepRecord(action, input, change, now), now));
            }
            return incidents.find(incidentId).orElseThrow();
        });
    }

    /**
     * Corrects descriptive fields of an incident (the title, description, address, place, category, risk, reporter,
     * department) outside the closed loop, in one transaction: the row, an audit entry naming the fields (never
     * their values: they may be personal data) and, for an incident the city knows, a PATCH of those fields in the
     * outbox. This is also how "keep mine" and "merge" answer a field conflict. Workflow fields change only by
     * {@link #act}. Refused inside another area, and a move to an area outside the account's, and refused as changed
     * meanwhile when the row is no longer at {@code seenVersion}, the version the form was filled from.
     */
    public StoredIncident editFields(UUID incidentId, long seenVersion, java.util.Map<EditableField, Object> changes,
                                     Operator operator) {
        return editFields(incidentId, Long.valueOf(seenVersion), changes, operator);
    }

    /**
     * As {@link #editFields(UUID, long, java.util.Map, Operator)} on the incident as it stands now: for a field conflict
     * answered with "keep mine" or "merge" (sync), which names the field and value, not a version of the row.
     */
    public StoredIncident editFields(UUID incidentId, java.util.Map<EditableField, Object> changes, Operator operator) {
        return editFields(incidentId, (Long) null, changes, operator);
    }

    private StoredIncident editFields(UUID incidentId, Long seenVersion, java.util.Map<EditableField, Object> changes,
                                      Operator operator) {
        Access.require(operator, Permission.INCIDENT_HANDLE);
        if (changes.isEmpty()) {
            throw new IncidentException(IncidentException.Reason.NOTHING_TO_EDIT);
        }
        java.util.Map<EditableField, Object> values = new java.util.EnumMap<>(EditableField.class);
        changes.forEach((field, value) -> values.put(field, cleaned(field, value)));
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            StoredIncident before = reachable(incidents, incidentId, operator, Permission.INCIDENT_HANDLE);
            requireSeen(before, seenVersion);
            checkReferences(incidents, values, operator);
            Location placed = placeOfCorrectedPoint(incidents, before, values);
            if (placed != null) {
                Access.requireArea(operator, placed.areaCode(), Permission.INCIDENT_HANDLE);
                values.put(EditableField.AREA_CODE, placed.areaCode());
            }
            long stamp = hlc.next();
            if (!incidents.applyEdit(before, values, placed == null ? null : placed.gridId(), placed != null, stamp)) {
                throw new IncidentException(IncidentException.Reason.CHANGED_MEANWHILE);
            }
            // Locked: a round queueing this incident meanwhile is waited for (see syncMark, decision 0019).
            IncidentRepository.SyncMark mark = incidents.syncMark(incidentId);
            new cn.zongzhi.audit.AuditRepository(configuration.dsl()).append(new cn.zongzhi.audit.AuditRepository.AuditEntry(
                    java.time.OffsetDateTime.now(clock), operator.id(), operator.displayName(), "EDIT", "incident",
                    before.caseNo(), "fields: " + String.join(", ", values.keySet().stream().map(field -> field.wireName).toList())));
            // In the history too, under the PATCH's id: when the city sends the correction back, it is recognised.
            UUID eventId = Ids.newId();
            IncidentStatus status = before.state().status();
            incidents.insertEvent(incidentId, new IncidentEvent(eventId, IncidentAction.EDIT, status, status,
                    operator.displayName(), null, IncidentEvent.correctionNote(values.keySet().stream().map(field -> field.wireName).toList()),
                    now), operator.id(), officeCode, stamp);
            if (mark.travels()) {
                com.fasterxml.jackson.databind.node.ObjectNode payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                values.forEach((field, value) -> {
                    if (value == null) {
                        payload.putNull(field.wireName);
                    } else if (value instanceof Double number) {
                        payload.put(field.wireName, number);
                    } else {
                        payload.put(field.wireName, value.toString());
                    }
                });
                new OutboxRepository(configuration.dsl()).appendFields("INCIDENT", new OutboxRepository.Fields(eventId,
                        "PATCH", incidentId, mark.serverVersion(), stamp, operator.id() == null ? null : operator.id().toString(),
                        operator.displayName(), payload.toString(), now));
            }
            return incidents.find(incidentId).orElseThrow();
        });
    }

    /**
     * Where corrected coordinates put the incident, as intake places a new one (the locator: the grid whose outline
     * holds the point, and its area): null when the correction names no coordinate, sets the area itself, leaves the
     * point incomplete, or the point lies in no grid (the incident keeps its place; the area can be set by hand).
     * This is how one not located (未定位) gets a grid and an area, and leaves that list.
     */
    private Location placeOfCorrectedPoint(IncidentRepository incidents, StoredIncident before,
                                           java.util.Map<EditableField, Object> values) {
        if (values.containsKey(EditableField.AREA_CODE)
                || !values.containsKey(EditableField.LONGITUDE) && !values.containsKey(EditableField.LATITUDE)) {
            return null;
        }
        Double[] stored = incidents.point(before.id());
        Double longitude = values.containsKey(EditableField.LONGITUDE) ? (Double) values.get(EditableField.LONGITUDE) : stored[0];
        Double latitude = values.containsKey(EditableField.LATITUDE) ? (Double) values.get(EditableField.LATITUDE) : stored[1];
        if (longitude == null || latitude == null) {
            return null;
        }
        Location location = locator.apply(longitude, latitude);
        return location == null || location.areaCode() == null ? null : location;
    }

    /** Set once by the composition root: {@link #resubmitToCity} hands the incident to it. */
    public void useCityResubmission(CityResubmission value) {
        resubmission = value;
    }

    /** Whether this console can resubmit a refused incident from the queue. */
    public boolean offersResubmission() {
        return resubmission != null;
    }

    /**
     * 重新报送 from the queue: an incident the city refused to create (市级未接收) goes again, as it stands now (corrected
     * meanwhile), with the next round. Checked as a correction is: the handling permission, within the account's area.
     *
     * @return false if it no longer stands refused (resubmitted meanwhile from the sync screen, for one)
     */
    public boolean resubmitToCity(UUID incidentId, Operator operator) {
        Access.require(operator, Permission.INCIDENT_HANDLE);
        CityResubmission through = resubmission;
        if (through == null) {
            throw new IllegalStateException("this console cannot resubmit incidents to the city");
        }
        reachable(new IncidentRepository(dsl), incidentId, operator, Permission.INCIDENT_HANDLE);
        return through.resubmit(incidentId);
    }

    /** The longest note the history holds (incident_event.note); the city takes up to twice that. */
    public static final int MAX_NOTE_LENGTH = 2000;

    /**
     * Adds a note to an incident's history (添加备注) in any status: a call made, a visit arranged, what the citizen
     * added. It changes nothing else. For an incident the city knows, a NOTE leaves in the same transaction under
     * the event's id, so the city and the other offices add it to their histories once; for one still waiting to
     * be sent, its creation takes the note along (see SyncClientRepository.queueCreations). Demo incidents keep
     * their notes here.
     */
    public IncidentEvent addNote(UUID incidentId, String text, Operator operator) {
        Access.require(operator, Permission.INCIDENT_HANDLE);
        String note = text == null ? "" : text.strip();
        if (note.isEmpty()) {
            throw new IncidentException(IncidentException.Reason.NOTE_EMPTY);
        }
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new IncidentException(IncidentException.Reason.NOTE_TOO_LONG);
        }
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            StoredIncident incident = reachable(incidents, incidentId, operator, Permission.INCIDENT_HANDLE);
            // Locked like a step's (decision 0019): a round queueing this incident now either takes the note along
            // with the creation or, done first, leaves the note to travel on its own behind it.
            IncidentRepository.SyncMark mark = incidents.syncMark(incidentId);
            long stamp = hlc.next();
            UUID eventId = Ids.newId();
            IncidentStatus status = incident.state().status();
            IncidentEvent event = new IncidentEvent(eventId, IncidentAction.NOTE, status, status, operator.displayName(), null,
                    note, now);
            incidents.insertEvent(incidentId, event, operator.id(), officeCode, stamp);
            if (mark.travels()) {
                new OutboxRepository(configuration.dsl()).appendFields("INCIDENT", new OutboxRepository.Fields(eventId,
                        "NOTE", incidentId, mark.serverVersion(), stamp, operator.id() == null ? null : operator.id().toString(),
                        operator.displayName(), notePayload(note), now));
            }
            return event;
        });
    }

    /** A NOTE's payload as the city reads it: {@code {"text": …}}. */
    public static String notePayload(String text) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", text).toString();
    }

    /** A field's value trimmed and checked on its own (the limits are the city's, IncidentFields). */
    private static Object cleaned(EditableField field, Object value) {
        if (field == EditableField.LONGITUDE || field == EditableField.LATITUDE) {
            if (value == null) {
                return null;
            }
            double number = value instanceof Number given ? given.doubleValue() : parseNumber(value.toString());
            double limit = field == EditableField.LONGITUDE ? 180 : 90;
            if (Double.isNaN(number) || Math.abs(number) > limit) {
                throw new IncidentException(IncidentException.Reason.COORDINATES_OUT_OF_RANGE);
            }
            return number;
        }
        String text = value == null ? null : value.toString().trim();
        if (text != null && text.isEmpty()) {
            text = null;
        }
        switch (field) {
            case TITLE -> {
                if (text == null) {
                    throw new IncidentException(IncidentException.Reason.TITLE_MISSING);
                }
                if (text.length() > MAX_TITLE) {
                    throw new IncidentException(IncidentException.Reason.TITLE_TOO_LONG);
                }
            }
            case DESCRIPTION -> requireAtMost(text, 20_000);
            case ADDRESS -> requireAtMost(text, 500);
            case REPORTER_NAME -> requireAtMost(text, 100);
            case REPORTER_PHONE -> requireAtMost(text, 32);
            case RISK_LEVEL -> {
                if (text != null) {
                    try {
                        text = RiskLevel.valueOf(text).name();
                    } catch (IllegalArgumentException unknown) {
                        throw new IncidentException(IncidentException.Reason.UNKNOWN_RISK);
                    }
                }
            }
            case AREA_CODE -> {
                if (text == null || !text.matches("\\d{12}")) {
                    throw new IncidentException(IncidentException.Reason.UNKNOWN_AREA);
                }
            }
            default -> {
            }
        }
        return text;
    }

    private static double parseNumber(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException notANumber) {
            throw new IncidentException(IncidentException.Reason.COORDINATES_OUT_OF_RANGE);
        }
    }

    private static void requireAtMost(String text, int characters) {
        if (text != null && text.length() > characters) {
            throw new IncidentException(IncidentException.Reason.TEXT_TOO_LONG);
        }
    }

    /** Codes that must name something this database holds, and a place inside the account's area. */
    private static void checkReferences(IncidentRepository incidents, java.util.Map<EditableField, Object> values, Operator operator) {
        Object category = values.get(EditableField.CATEGORY_CODE);
        if (category != null && incidents.categoryRule(category.toString()).isEmpty()) {
            throw new IncidentException(IncidentException.Reason.UNKNOWN_CATEGORY);
        }
        Object department = values.get(EditableField.DEPARTMENT_CODE);
        if (department != null && !incidents.departmentExists(department.toString())) {
            throw new IncidentException(IncidentException.Reason.UNKNOWN_DEPARTMENT);
        }
        Object area = values.get(EditableField.AREA_CODE);
        if (area != null) {
            if (!incidents.areaExists(area.toString())) {
                throw new IncidentException(IncidentException.Reason.UNKNOWN_AREA);
            }
            Access.requireArea(operator, area.toString(), Permission.INCIDENT_HANDLE);
        }
    }

    /**
     * The operator asked to see the reporter's full name and phone: allowed for the roles that need it, inside
     * their area, and written to the audit log (which never holds the values themselves).
     */
    public void recordReveal(UUID incidentId, Operator operator) {
        Access.require(operator, Permission.PERSONAL_DATA_REVEAL);
        dsl.transaction(configuration -> {
            StoredIncident incident = reachable(new IncidentRepository(configuration.dsl()), incidentId, operator,
                    Permission.PERSONAL_DATA_REVEAL);
            new cn.zongzhi.audit.AuditRepository(configuration.dsl()).append(new cn.zongzhi.audit.AuditRepository.AuditEntry(
                    java.time.OffsetDateTime.now(clock), operator.id(), operator.displayName(), "REVEAL", "incident",
                    incident.caseNo(), "reporter name and phone"));
        });
    }

    /**
     * 转为纠纷调解 hands the reporter to the mediation desk's intake: in clear only for an account that may reveal
     * them within the incident's area, and then written to the audit log as a reveal (never the values). False,
     * with nothing written, for any other account: the desk then asks the party.
     */
    public boolean handOverReporter(UUID incidentId, Operator operator) {
        if (operator == null || !operator.role().allows(Permission.PERSONAL_DATA_REVEAL)) {
            return false;
        }
        return dsl.transactionResult(configuration -> {
            StoredIncident incident = new IncidentRepository(configuration.dsl()).find(incidentId)
                    .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
            if (!Access.covers(operator, incident.areaCode())) {
                return false;
            }
            new cn.zongzhi.audit.AuditRepository(configuration.dsl()).append(new cn.zongzhi.audit.AuditRepository.AuditEntry(
                    java.time.OffsetDateTime.now(clock), operator.id(), operator.displayName(), "REVEAL", "incident",
                    incident.caseNo(), "reporter name and phone handed to the dispute intake"));
            return true;
        });
    }

    /**
     * Refuses a step decided on a version of the incident that is no longer the stored one. The update's own
     * row-version test only guards the moment between this transaction's read and its write.
     */
    private static void requireSeen(StoredIncident stored, Long seenVersion) {
        if (seenVersion != null && stored.rowVersion() != seenVersion) {
            throw new IncidentException(IncidentException.Reason.CHANGED_MEANWHILE);
        }
    }

    /** The dispatcher's decisions need the dispatch permission; the rest of the loop the handling one. */
    static Permission permissionFor(IncidentAction action) {
        return switch (action) {
            case DISPATCH, APPROVE_EXTENSION, REFUSE_EXTENSION -> Permission.INCIDENT_DISPATCH;
            default -> Permission.INCIDENT_HANDLE;
        };
    }

    /**
     * A dispute taken up from this incident was concluded: the mediation desk may resolve the incident it came
     * from (and only that), without the incident desk's permissions.
     */
    public StoredIncident resolveFromDispute(UUID incidentId, String note, Operator operator) {
        Access.require(operator, Permission.DISPUTE_MEDIATE);
        if (!new IncidentRepository(dsl).hasConcludedDispute(incidentId)) {
            throw new cn.zongzhi.auth.AccessDenied(cn.zongzhi.auth.AccessDenied.Reason.ROLE, Permission.INCIDENT_HANDLE);
        }
        Operator onBehalf = new Operator(operator.id(), operator.username(), operator.displayName(),
                cn.zongzhi.auth.Role.SEAT_OPERATOR, operator.officeCode(), operator.areaCode());
        return act(incidentId, IncidentAction.RESOLVE, ActionInput.note(note), onBehalf);
    }

    private IncidentChange changeFor(IncidentRepository incidents, StoredIncident before, IncidentState next,
                                     IncidentAction action, ActionInput input, String note, Instant now) {
        if (action == IncidentAction.DISPATCH && input.departmentCode() == null && before.departmentCode() == null) {
            throw new IncidentException(IncidentException.Reason.DEPARTMENT_REQUIRED);
        }
        if (action == IncidentAction.REQUEST_EXTENSION && (input.requestedDue() == null
                || before.dueAt() != null && !input.requestedDue().isAfter(before.dueAt())
                || !input.requestedDue().isAfter(now))) {
            throw new IncidentException(IncidentException.Reason.REQUESTED_DUE_INVALID);
        }
        Instant startedDue = WorkflowEffects.startsDeadline(action, next) ? dueFrom(incidents, before.categoryCode(), now) : null;
        WorkflowEffects effects = WorkflowEffects.of(
                new WorkflowEffects.Before(before.departmentCode(), before.dueAt(), before.requestedDueAt()),
                new WorkflowEffects.Step(action, next, now, input.departmentCode(), startedDue, input.requestedDue(),
                        input.satisfaction(), note));
        return new IncidentChange(next, effects.departmentCode(), effects.dueAt(), effects.requestedDueAt(),
                effects.acceptedAt(), effects.dispatchedAt(), effects.resolvedAt(), effects.closedAt(),
                effects.satisfaction(), effects.resultNote(), null);
    }

    private Instant dueFrom(IncidentRepository incidents, String categoryCode, Instant from) {
        if (categoryCode == null) {
            return null;
        }
        return incidents.categoryRule(categoryCode)
                .filter(rule -> rule.timeLimit() != null && rule.timeLimitUnit() != null)
                .map(rule -> deadlines.due(from, rule.timeLimit(), rule.timeLimitUnit()))
                .orElse(null);
    }

    private static String eventNote(IncidentAction action, ActionInput input, String note) {
        if (action == IncidentAction.CLOSE && input.satisfaction() != null) {
            return note == null ? "satisfaction=" + input.satisfaction() : "satisfaction=" + input.satisfaction() + "; " + note;
        }
        if (action == IncidentAction.REQUEST_EXTENSION) {
            return "requested_due=" + input.requestedDue() + "; " + note;
        }
        return note;
    }

    /**
     * Applies one action to many incidents (bulk accept, bulk dispatch), each in its own transaction, so one
     * refusal never undoes the others; says which were refused and why. An incident that left the operator's area
     * since the selection was made (moved by a correction, or by the city through sync) is one such refusal; so is
     * one changed at all since the page it was selected on was read.
     */
    public BulkOutcome actOnMany(List<Seen> incidents, IncidentAction action, ActionInput input, Operator operator) {
        int done = 0;
        List<BulkOutcome.Refusal> refused = new java.util.ArrayList<>();
        for (Seen seen : incidents) {
            UUID id = seen.id();
            try {
                act(id, seen.rowVersion(), action, input, operator);
                done++;
            } catch (TransitionRefused | IncidentException | cn.zongzhi.auth.AccessDenied refusal) {
                String caseNo = new IncidentRepository(dsl).find(id).map(StoredIncident::caseNo).orElse(id.toString());
                refused.add(new BulkOutcome.Refusal(caseNo, refusal));
            }
        }
        return new BulkOutcome(done, List.copyOf(refused));
    }

    /** An incident as a list showed it: its id and the row version of the page it was read on. */
    public record Seen(UUID id, long rowVersion) {
    }

    /** What a bulk action did. */
    public record BulkOutcome(int done, List<Refusal> refused) {
        public record Refusal(String caseNo, RuntimeException reason) {
        }
    }

    static final double DUPLICATE_RADIUS_METRES = 300;
    static final java.time.Duration DUPLICATE_WINDOW = java.time.Duration.ofHours(72);
    static final java.time.Duration SAME_CALLER_WINDOW = java.time.Duration.ofDays(7);

    /**
     * Open incidents that may be the same matter: same category within 300 m and 72 h, or the same caller
     * within 7 days. Nearest first; each says which (or both).
     */
    public List<IncidentRepository.NearbyIncident> duplicateCandidates(UUID incidentId, Operator reader) {
        requireReadable(incidentId, reader);
        // Only look-alikes the reader could open and merge: those of its own area subtree.
        return duplicateCandidates(incidentId).stream().filter(near -> Access.covers(reader, near.areaCode())).toList();
    }

    /** As {@link #duplicateCandidates(UUID, Operator)}, over every area (the command line, tests). */
    public List<IncidentRepository.NearbyIncident> duplicateCandidates(UUID incidentId) {
        IncidentRepository incidents = new IncidentRepository(dsl);
        IncidentDetail incident = incidents.detail(incidentId)
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
        java.util.Map<UUID, IncidentRepository.NearbyIncident> found = new java.util.LinkedHashMap<>();
        if (incident.categoryCode() != null && incident.longitude() != null) {
            double halfDegrees = DUPLICATE_RADIUS_METRES / 111_000.0 / Math.cos(Math.toRadians(incident.latitude())) + 0.001;
            incidents.openNear(incident.categoryCode(), incident.longitude(), incident.latitude(), halfDegrees,
                            incident.reportedAt().minus(DUPLICATE_WINDOW), incident.reportedAt().plus(DUPLICATE_WINDOW), incidentId)
                    .stream()
                    .filter(near -> metres(incident.longitude(), incident.latitude(), near.longitude(), near.latitude())
                            <= DUPLICATE_RADIUS_METRES)
                    .sorted(java.util.Comparator.comparingDouble(near ->
                            metres(incident.longitude(), incident.latitude(), near.longitude(), near.latitude())))
                    .forEach(near -> found.put(near.id(), near));
        }
        if (incident.reporterPhone() != null) {
            incidents.openFromPhone(incident.reporterPhone(), incident.reportedAt().minus(SAME_CALLER_WINDOW), incidentId)
                    .forEach(same -> found.merge(same.id(), same,
                            (near, caller) -> near.because(IncidentRepository.NearbyIncident.Reason.BOTH)));
        }
        return List.copyOf(found.values());
    }

    /** Great-circle distance on a spherical Earth: ample for a few hundred metres. */
    static double metres(double lon1, double lat1, double lon2, double lat2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
    }

    /**
     * Merges a duplicate into its parent: the duplicate ends as MERGED, its reporter and channel join the
     * parent's, and both histories say so. The parent must still be open. Both as they stand now, whatever their
     * versions (the command line, tests); a screen passes what it showed, {@link #merge(Seen, String, Long, Operator)}.
     */
    public StoredIncident merge(UUID duplicateId, String parentCaseNo, Operator operator) {
        return merge(duplicateId, null, parentCaseNo, null, operator);
    }

    /**
     * Merges the duplicate as the operator saw it into its parent, refused as changed meanwhile (decision 0004) when
     * the duplicate is no longer at the version the form was opened on, or the parent no longer at the version the
     * pane showed it at among the look-alikes: a merge decided on what the screen said never lands on a case someone
     * else has dispatched, corrected or merged since.
     *
     * @param seenParentVersion null for a parent the screen did not show (a case number typed from elsewhere): it is
     *                          then only required to be open
     */
    public StoredIncident merge(Seen duplicate, String parentCaseNo, Long seenParentVersion, Operator operator) {
        return merge(duplicate.id(), duplicate.rowVersion(), parentCaseNo, seenParentVersion, operator);
    }

    private StoredIncident merge(UUID duplicateId, Long seenVersion, String parentCaseNo, Long seenParentVersion,
                                 Operator operator) {
        Access.require(operator, Permission.INCIDENT_HANDLE);
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            StoredIncident duplicate = incidents.find(duplicateId)
                    .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
            // Locked: the parent's row is not written, so only the lock keeps what is checked of it until the commit.
            StoredIncident parent = incidents.findByCaseNoForUpdate(parentCaseNo == null ? "" : parentCaseNo.trim())
                    .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
            Access.requireArea(operator, duplicate.areaCode(), Permission.INCIDENT_HANDLE);
            Access.requireArea(operator, parent.areaCode(), Permission.INCIDENT_HANDLE);
            requireSeen(duplicate, seenVersion);
            requireSeen(parent, seenParentVersion);
            if (parent.id().equals(duplicate.id())) {
                throw new IncidentException(IncidentException.Reason.MERGE_INTO_ITSELF);
            }
            if (parent.state().status().isFinal()) {
                throw new IncidentException(IncidentException.Reason.MERGE_TARGET_CLOSED);
            }
            IncidentState next = IncidentStateMachine.apply(duplicate.state(), IncidentAction.MERGE, null);
            long stamp = hlc.next();
            IncidentChange change = new IncidentChange(next, duplicate.departmentCode(), duplicate.dueAt(),
                    duplicate.requestedDueAt(), null, null, null, now, null, null, parent.id());
            if (!incidents.applyChange(duplicate, change, stamp)) {
                throw new IncidentException(IncidentException.Reason.CHANGED_MEANWHILE);
            }
            // Locked: a round queueing this incident meanwhile is waited for (see syncMark, decision 0019).
            IncidentRepository.SyncMark mark = incidents.syncMark(duplicate.id());
            incidents.linkMerged(duplicate, parent.id(), officeCode, stamp);
            UUID eventId = Ids.newId();
            String note = "merged into " + parent.caseNo();
            incidents.insertEvent(duplicate.id(), new IncidentEvent(eventId, IncidentAction.MERGE,
                    duplicate.state().status(), IncidentStatus.MERGED, operator.displayName(), null,
                    note, now), operator.id(), officeCode, stamp);
            if (mark.travels()) {
                new OutboxRepository(configuration.dsl()).appendStep("INCIDENT", new OutboxRepository.Step(eventId,
                        duplicate.id(), mark.serverVersion(), stamp, operator.id() == null ? null : operator.id().toString(),
                        operator.displayName(), IncidentAction.MERGE.name(), duplicate.state().status().name(),
                        IncidentStatus.MERGED.name(), note, null,
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("at", now.toString()).put("parentId", parent.id().toString()).toString(), now));
            }
            incidents.insertEvent(parent.id(), new IncidentEvent(Ids.newId(), IncidentAction.MERGE,
                    parent.state().status(), parent.state().status(), operator.displayName(), null,
                    "merged from " + duplicate.caseNo(), now), operator.id(), officeCode, stamp);
            return incidents.find(duplicate.id()).orElseThrow();
        });
    }

    static final int MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
    /**
     * Files one incident may carry (photos at intake and later, documents): enough for any case file, and a bound on
     * what a slip of the file dialog (a whole camera folder) or a looping client can store in one record that is
     * synced and printed. The refusal's text says the number; keep them together.
     */
    public static final int MAX_ATTACHMENTS = 20;
    /** How much of a file {@link #checkAttachmentContent} needs to see. */
    public static final int ATTACHMENT_HEAD_BYTES = AttachmentContent.HEAD_BYTES;
    /** The files the console takes, by file name extension: photos and PDF. */
    private static final Map<String, String> ATTACHMENT_EXTENSIONS = Map.of("jpg", "image/jpeg", "jpeg", "image/jpeg",
            "png", "image/png", "gif", "image/gif", "webp", "image/webp", "heic", "image/heic", "pdf", "application/pdf");
    private static final Set<String> ATTACHMENT_TYPES = Set.copyOf(ATTACHMENT_EXTENSIONS.values());
    private static final int MAX_FILE_NAME = 255;

    /** The media type a file name stands for; application/octet-stream for files the console does not take. */
    public static String attachmentType(String fileName) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(java.util.Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream"
                : ATTACHMENT_EXTENSIONS.getOrDefault(name.substring(dot + 1), "application/octet-stream");
    }

    /** What a file dialog offers for attachments: *.jpg, *.png and the rest. */
    public static List<String> attachmentPatterns() {
        return ATTACHMENT_EXTENSIONS.keySet().stream().sorted().map(extension -> "*." + extension).toList();
    }

    /**
     * Refuses a file the console does not take (over 10 MB; not JPEG, PNG, GIF, WebP, HEIC or PDF). Forms call it
     * as soon as a file is chosen; {@link #attach} and {@link #register} call it again on the bytes they store.
     */
    public static void checkAttachment(String mediaType, long sizeBytes) {
        if (sizeBytes > MAX_ATTACHMENT_BYTES) {
            throw new IncidentException(IncidentException.Reason.ATTACHMENT_TOO_LARGE);
        }
        if (mediaType == null || !ATTACHMENT_TYPES.contains(mediaType)) {
            throw new IncidentException(IncidentException.Reason.ATTACHMENT_TYPE);
        }
    }

    /**
     * Refuses content that does not begin as its type's files begin (a text file or program renamed to ".jpg", a
     * photo cut off before its header). Forms call it with a file's first {@link #ATTACHMENT_HEAD_BYTES} bytes as soon
     * as it is chosen; {@link #attach} and {@link #register} call it on the whole content they store.
     */
    public static void checkAttachmentContent(String mediaType, byte[] head) {
        if (!AttachmentContent.matches(mediaType, head)) {
            throw new IncidentException(IncidentException.Reason.ATTACHMENT_CONTENT);
        }
    }

    /** The file as it will be stored: checked, with a usable name that fits its column (the end kept: it has the extension). */
    private static NewAttachment checked(NewAttachment file) {
        checkAttachment(file.mediaType(), file.content().length);
        checkAttachmentContent(file.mediaType(), file.content());
        String name = file.fileName() == null || file.fileName().isBlank() ? "attachment" : file.fileName().strip();
        String safeName = name.length() > MAX_FILE_NAME ? name.substring(name.length() - MAX_FILE_NAME) : name;
        return new NewAttachment(safeName, file.mediaType(), file.content());
    }

    /** Stores one checked file and notes it in the history; the caller's transaction holds both. */
    private IncidentRepository.Attachment store(IncidentRepository incidents, StoredIncident incident, NewAttachment file,
                                                Operator operator, Instant now) {
        IncidentStateMachine.apply(incident.state(), IncidentAction.ATTACH, null);
        // A stamp of its own, later than the report's, so the history lists the report first.
        long stamp = hlc.next();
        UUID id = Ids.newId();
        IncidentStatus status = incident.state().status();
        incidents.insertAttachment(id, incident.id(), file.fileName(), file.mediaType(), file.content(), now, officeCode, stamp);
        incidents.insertEvent(incident.id(), new IncidentEvent(Ids.newId(), IncidentAction.ATTACH, status, status,
                operator.displayName(), null, file.fileName(), now), operator.id(), officeCode, stamp);
        return new IncidentRepository.Attachment(id, file.fileName(), file.mediaType(), file.content().length, now);
    }

    /**
     * Adds a photo or document (≤ 10 MB; JPEG, PNG, GIF, WebP, HEIC or PDF, by name and by content; at most
     * {@link #MAX_ATTACHMENTS} an incident) to an incident in the operator's area, and notes it in the history.
     */
    public IncidentRepository.Attachment attach(UUID incidentId, String fileName, String mediaType, byte[] content,
                                                Operator operator) {
        Access.require(operator, Permission.INCIDENT_HANDLE);
        NewAttachment file = checked(new NewAttachment(fileName, mediaType, content));
        Instant now = clock.instant();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            // As every other step on an incident: only within the account's own area subtree.
            StoredIncident incident = reachable(incidents, incidentId, operator, Permission.INCIDENT_HANDLE);
            if (incidents.attachmentCount(incidentId) >= MAX_ATTACHMENTS) {
                throw new IncidentException(IncidentException.Reason.ATTACHMENT_COUNT);
            }
            return store(incidents, incident, file, operator, now);
        });
    }

    public List<IncidentRepository.Attachment> attachments(UUID incidentId) {
        return new IncidentRepository(dsl).attachments(incidentId);
    }

    /** An incident's files as an account may see them: only of an incident within its area subtree. */
    public List<IncidentRepository.Attachment> attachments(UUID incidentId, Operator reader) {
        requireReadable(incidentId, reader);
        return attachments(incidentId);
    }

    public byte[] attachmentContent(UUID attachmentId) {
        return new IncidentRepository(dsl).attachmentContent(attachmentId)
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
    }

    /** A file's bytes as an account may read them: the file's incident lies within its area subtree. */
    public byte[] attachmentContent(UUID attachmentId, Operator reader) {
        requireReadable(new IncidentRepository(dsl).attachmentIncident(attachmentId)
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND)), reader);
        return attachmentContent(attachmentId);
    }

    /**
     * Every read of one incident (its detail, history, files, look-alikes) is held to the reader's area subtree as
     * the queue is: an account of one town does not open another town's case by its id.
     */
    private void requireReadable(UUID incidentId, Operator reader) {
        requireSignedIn(reader, Permission.INCIDENT_HANDLE);
        reachable(new IncidentRepository(dsl), incidentId, reader, Permission.INCIDENT_HANDLE);
    }

    /** Reading needs an account, whatever its role; the permission named is for the refusal's message. */
    private static void requireSignedIn(Operator reader, Permission permission) {
        if (reader == null) {
            throw new cn.zongzhi.auth.AccessDenied(cn.zongzhi.auth.AccessDenied.Reason.NOT_SIGNED_IN, permission);
        }
    }

    public List<IncidentEvent> history(UUID incidentId) {
        return new IncidentRepository(dsl).history(incidentId);
    }

    /**
     * The queue as an account may see it: the filter narrowed to the account's area subtree. A filter for
     * another area than the account's yields nothing rather than widening the view.
     */
    public List<IncidentSummary> page(IncidentFilter filter, IncidentSort sort, int offset, int limit, Operator reader) {
        IncidentFilter scoped = scoped(filter, reader);
        return scoped == null ? List.of() : page(scoped, sort, offset, limit);
    }

    /** The rows after {@code previous} (a row of the same filter and order), as {@link #page} reads them. */
    public List<IncidentSummary> pageAfter(IncidentFilter filter, IncidentSort sort, IncidentSummary previous, int limit,
                                           Operator reader) {
        IncidentFilter scoped = scoped(filter, reader);
        if (scoped == null) {
            return List.of();
        }
        if (textIndex != null && textIndex.serves(scoped)) {
            var ids = textIndex.pageAfter(scoped, sort, previous, limit);
            if (ids.isPresent()) {
                return new IncidentQueueRepository(dsl).rowsInOrder(ids.get(), scoped.withText(null));
            }
        }
        return new IncidentQueueRepository(dsl).pageAfter(scoped, sort, previous, limit);
    }

    public int count(IncidentFilter filter, Operator reader) {
        IncidentFilter scoped = scoped(filter, reader);
        return scoped == null ? 0 : count(scoped);
    }

    /** The filter within the reader's subtree; null when the two do not overlap. */
    static IncidentFilter scoped(IncidentFilter filter, Operator reader) {
        requireSignedIn(reader, Permission.INCIDENT_HANDLE);
        String scope = Access.scope(reader);
        if (scope == null || filter.unlocated() && Access.covers(reader, null)) {
            // A record without an area belongs to whoever may act on it: the reader's area would hide every one.
            return filter;
        }
        String asked = filter.areaCodePrefix();
        if (asked == null || asked.isBlank() || scope.startsWith(asked.trim())) {
            return filter.withAreaCodePrefix(scope);
        }
        return asked.trim().startsWith(scope) ? filter : null;
    }

    /** A page of the queue; a text search goes to the index when there is one that holds the filter. */
    public List<IncidentSummary> page(IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        if (textIndex != null && textIndex.serves(filter)) {
            var ids = textIndex.page(filter, sort, offset, limit);
            if (ids.isPresent()) {
                return new IncidentQueueRepository(dsl).rowsInOrder(ids.get(), filter.withText(null));
            }
        }
        return new IncidentQueueRepository(dsl).page(filter, sort, offset, limit);
    }

    public int count(IncidentFilter filter) {
        if (textIndex != null && textIndex.serves(filter)) {
            var counted = textIndex.count(filter);
            if (counted.isPresent()) {
                return counted.getAsInt();
            }
        }
        return new IncidentQueueRepository(dsl).count(filter);
    }

    public IncidentDetail detail(UUID incidentId) {
        IncidentDetail detail = new IncidentRepository(dsl).detail(incidentId)
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
        return detail.withDueBeyondCalendar(detail.dueAt() != null && deadlines.beyondCalendar(detail.reportedAt(), detail.dueAt()));
    }

    /**
     * Whether the incident's deadline was counted past the years the holiday calendar holds, on plain weeks: the
     * step that set it still stands, and the operator is to be told (its result message, the detail).
     */
    public boolean dueBeyondCalendar(StoredIncident incident) {
        return incident.dueAt() != null && deadlines.beyondCalendar(incident.reportedAt(), incident.dueAt());
    }

    /** The detail pane's incident, refused outside the reader's area subtree. */
    public IncidentDetail detail(UUID incidentId, Operator reader) {
        requireReadable(incidentId, reader);
        return detail(incidentId);
    }

    /** The caller's earlier incidents, so a repeat caller (重复来电) is recognised while still on the line. */
    public List<IncidentSummary> callerHistory(String phone) {
        return callerHistoryWithin(phone, null);
    }

    /**
     * The caller's earlier incidents that the account may see: those of its area subtree, and those not located
     * yet (which whoever may act on incidents may act on). Another town's cases of the same caller stay out of a
     * town operator's form.
     */
    public List<IncidentSummary> callerHistory(String phone, Operator reader) {
        requireSignedIn(reader, Permission.INCIDENT_INTAKE);
        return callerHistoryWithin(phone, Access.scope(reader));
    }

    /**
     * The caller's latest earlier incidents that the account may see (as {@link #callerHistory(String, Operator)}),
     * with how many there are in all: the list stops at {@link #CALLER_HISTORY_LIMIT}, the count does not, so a
     * caller with 57 earlier cases is not taken for one with 20.
     */
    public CallerHistory callerHistoryCounted(String phone, Operator reader) {
        requireSignedIn(reader, Permission.INCIDENT_INTAKE);
        List<IncidentSummary> latest = callerHistoryWithin(phone, Access.scope(reader));
        // Counted only when the list is full: below the limit the list is the whole history.
        int total = latest.size() < CALLER_HISTORY_LIMIT ? latest.size()
                : new IncidentRepository(dsl).countByReporterPhone(phone, Access.scope(reader));
        return new CallerHistory(latest, Math.max(total, latest.size()));
    }

    /** How many of a caller's earlier incidents are read for the intake form; the rest are only counted. */
    static final int CALLER_HISTORY_LIMIT = 20;

    /** A caller's latest earlier incidents, newest first, and how many earlier incidents the caller has in all. */
    public record CallerHistory(List<IncidentSummary> latest, int total) {
    }

    /** @param areaPrefix the area subtree, or null for every area */
    private List<IncidentSummary> callerHistoryWithin(String phone, String areaPrefix) {
        if (phone == null || phone.replaceAll("\\D", "").length() < 7) {
            return List.of();
        }
        return new IncidentRepository(dsl).byReporterPhone(phone, areaPrefix, CALLER_HISTORY_LIMIT);
    }

    /**
     * How far the free-text index's build has come (0 to 1) while one is running; empty when searches use the
     * index (or there is none to wait for). A search meanwhile reads the database, which is slower.
     */
    public java.util.OptionalDouble textIndexBuilding() {
        return textIndex == null || textIndex.ready() ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(textIndex.buildProgress());
    }

    /** A mark that moves with every write of an incident (IncidentChangeMark): the queue polls it to show new work. */
    public long latestChange() {
        return new IncidentQueueRepository(dsl).latestChange();
    }

    public List<CatalogueRepository.Category> categories() {
        return new CatalogueRepository(dsl).categories();
    }

    /** The towns and streets the filter bar offers (an area subtree each). */
    public List<cn.zongzhi.areas.AdminArea> towns() {
        return new cn.zongzhi.areas.AreaRepository(dsl).byLevel(cn.zongzhi.areas.AreaLevel.TOWN);
    }

    public List<CatalogueRepository.Department> departments() {
        return new CatalogueRepository(dsl).departments();
    }

    /** The incident, if it exists and lies in the operator's area for this permission; refused in words otherwise. */
    private static StoredIncident reachable(IncidentRepository incidents, UUID incidentId, Operator operator, Permission needed) {
        StoredIncident incident = incidents.find(incidentId)
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND));
        Access.requireArea(operator, incident.areaCode(), needed);
        return incident;
    }
}
