package cn.zongzhi.sync;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import cn.zongzhi.incidents.EditableField;
import cn.zongzhi.incidents.IncidentException;
import cn.zongzhi.incidents.IncidentService;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * "Keep mine" and "merge" carried out as what they are: a correction of one field by the signed-in operator,
 * written with its PATCH in the outbox like any other ({@link IncidentService#editFields}), checked and audited
 * the same way. A field the console cannot correct is refused with the same message as an empty edit.
 */
public final class IncidentFieldEdits implements FieldEdits {
    private final IncidentService incidents;
    private final Supplier<Operator> operator;

    public IncidentFieldEdits(IncidentService incidents, Supplier<Operator> operator) {
        this.incidents = incidents;
        this.operator = operator;
    }

    @Override
    public void write(UUID incidentId, String field, JsonNode value) {
        EditableField editable = EditableField.byWireName(field)
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOTHING_TO_EDIT));
        Map<EditableField, Object> change = new HashMap<>();
        change.put(editable, value == null || value.isNull() ? null : value.isNumber() ? (Object) value.asDouble() : value.asText());
        incidents.editFields(incidentId, change, operator.get());
    }

    /** As {@link IncidentService#editFields} checks it: the account's role must allow handling incidents. */
    @Override
    public boolean allowed() {
        Operator who = operator.get();
        return who != null && who.role().allows(Permission.INCIDENT_HANDLE);
    }
}
