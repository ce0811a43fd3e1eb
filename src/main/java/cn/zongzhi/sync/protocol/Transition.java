package cn.zongzhi.sync.protocol;

/**
 * A workflow step as the client took it. Names travel as text so that a name this server does not know is a
 * refusal of one mutation, not an unreadable batch.
 *
 * @param action       an incident action name (DISPATCH, RESOLVE, ...)
 * @param from         the status the client saw before acting
 * @param to           the status the client reached
 * @param reason       the operator's reason or result note, may be null
 * @param satisfaction the citizen's rating, needed for CLOSE
 */
public record Transition(String action, String from, String to, String reason, String satisfaction) {
}
