package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.IncidentFields;
import cn.zongzhi.incidents.IncidentState;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's copy of one incident, as read for update and written back.
 *
 * @param stamps   per field (wire name, plus "status" and "voided"): who wrote it last, at which version and stamp
 * @param lastStep the latest workflow step (action, from, to, office, operator, moment, note, mutation id), or null
 */
record ServerIncident(String id, String originOffice, EnumMap<IncidentFields, JsonNode> fields, IncidentState state,
                      String dispatchedBy, long version, Map<String, FieldStamp> stamps, boolean voided, long hlc,
                      JsonNode lastStep) {
    static final String STATUS_STAMP = "status";
    static final String VOIDED_STAMP = "voided";

    /** The last write to one field: the incident version it made, its hybrid-clock stamp and the replica. */
    record FieldStamp(long v, long h, String r) {
    }

    String areaCode() {
        JsonNode area = fields.get(IncidentFields.AREA_CODE);
        return area == null || area.isNull() ? null : area.asText();
    }

    /** True when a replica other than {@code replica} changed anything after {@code baseVersion}. */
    boolean changedByOthersSince(long baseVersion, String replica) {
        return stamps.values().stream().anyMatch(stamp -> stamp.v() > baseVersion && !stamp.r().equals(replica));
    }

    ServerIncident with(EnumMap<IncidentFields, JsonNode> newFields, IncidentState newState, String newDispatchedBy,
                        long newVersion, Map<String, FieldStamp> newStamps, boolean newVoided, long newHlc) {
        return new ServerIncident(id, originOffice, newFields, newState, newDispatchedBy, newVersion, newStamps,
                newVoided, newHlc, lastStep);
    }

    ServerIncident withLastStep(JsonNode step) {
        return new ServerIncident(id, originOffice, fields, state, dispatchedBy, version, stamps, voided, hlc, step);
    }

    EnumMap<IncidentFields, JsonNode> fieldsCopy() {
        return new EnumMap<>(fields);
    }

    Map<String, FieldStamp> stampsCopy() {
        return new LinkedHashMap<>(stamps);
    }
}
