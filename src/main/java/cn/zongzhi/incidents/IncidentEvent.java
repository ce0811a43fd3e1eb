package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One line of an incident's history: who did what, when, from which status to which. */
public record IncidentEvent(UUID id, IncidentAction action, IncidentStatus from, IncidentStatus to, String operatorName,
                            String departmentCode, String note, Instant occurredAt) {
    private static final String CORRECTED = "fields=";

    /**
     * The note of a correction (EDIT): the fields it changed by wire name ({@code fields=title,address}), never their
     * values. Written by the console that corrects and by the city for the other offices; the same text both ways.
     */
    public static String correctionNote(Collection<String> wireNames) {
        return CORRECTED + String.join(",", wireNames);
    }

    /** The wire names of the fields a correction's note names; empty for any other note. */
    public static Optional<List<String>> correctedFields(String note) {
        if (note == null || !note.startsWith(CORRECTED)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(note.substring(CORRECTED.length()).split(",")).filter(name -> !name.isBlank()).toList());
    }
}
