package cn.zongzhi.mediation;

/**
 * Why a session cannot be booked as asked.
 *
 * @param detail what it collides with, named (a case number and its time, a holiday's name)
 */
public record SessionConflict(Kind kind, String detail) {
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
