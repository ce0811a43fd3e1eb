package cn.zongzhi.reports;

import cn.zongzhi.incidents.IncidentFilter;

import java.time.Instant;

/** How to list the cases behind a figure: those it counts, and those it counts them out of. */
public sealed interface CasesBehind {

    /**
     * Incident figures: the queue shows {@code counted} (the numerator, or the whole count) and {@code outOf}
     * (the denominator; null for a plain count).
     */
    record Incidents(IncidentFilter counted, IncidentFilter outOf) implements CasesBehind {
    }

    /** Dispute figures: the disputes of an area subtree registered or concluded in a window (the desk lists them). */
    record Disputes(DisputeSelection counted, DisputeSelection outOf) implements CasesBehind {
    }

    /**
     * @param areaCodePrefix the area subtree, null for all
     * @param basis          which disputes of the window: registered in it, concluded (closed) in it, concluded with
     *                       an agreement, concluded and referred to a court
     */
    record DisputeSelection(String areaCodePrefix, Instant from, Instant to, Basis basis) {
        public enum Basis { REGISTERED, CONCLUDED, AGREEMENT, REFERRED }
    }
}
