package cn.zongzhi.mediation;

import java.util.List;

/**
 * Why a session cannot be booked as asked.
 *
 * @param detailKey what it collides with, named (a case number and its time, a holiday's name), as a message key
 * @param arguments the key's arguments in the office's local time: names and numbers as they are, dates, times
 *                  and working periods as {@link java.time.LocalDate}, {@link java.time.LocalDateTime},
 *                  {@link java.time.LocalTime} and {@link cn.zongzhi.calendar.WorkingHours.Period} for
 *                  {@link SessionTexts} to write in the operator's language
 */
public record SessionConflict(Kind kind, String detailKey, List<Object> arguments) {
    public SessionConflict {
        arguments = List.copyOf(arguments);
    }

    public enum Kind {
        /** The mediator has another session then. */
        MEDIATOR_BUSY,
        /** The room is taken then. */
        ROOM_BUSY,
        /** A party of this dispute is due in another dispute's session then. */
        PARTY_BUSY,
        /** The room has fewer seats than the parties and the mediator need. */
        ROOM_TOO_SMALL,
        /** Not on a working day (weekend or public holiday); may be overridden with a reason. */
        NOT_A_WORKING_DAY,
        /** Outside the centre's working hours; may be overridden with a reason. */
        OUTSIDE_WORKING_HOURS;

        /** Working-time rules bend for a recorded reason; people and rooms cannot be in two places at once. */
        public boolean overridable() {
            return this == NOT_A_WORKING_DAY || this == OUTSIDE_WORKING_HOURS;
        }
    }
}
