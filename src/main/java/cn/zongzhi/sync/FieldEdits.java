package cn.zongzhi.sync;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * Writes one descriptive field of an incident as a new local edit (and its outbox row), which is how "keep mine"
 * and "merge" answer a field conflict through the protocol as it stands ({@link IncidentFieldEdits}). Without one
 * (null) the sync screen says why the choice is not offered.
 */
public interface FieldEdits {
    void write(UUID incidentId, String field, JsonNode value);

    /** Whether the signed-in account may write fields at all; the screen offers the choices only then. */
    default boolean allowed() {
        return true;
    }
}
