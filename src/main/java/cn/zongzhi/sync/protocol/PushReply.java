package cn.zongzhi.sync.protocol;

import java.util.List;

/** One outcome per pushed mutation, in the order sent, and the highest client sequence now held. */
public record PushReply(List<Outcome> outcomes, long highestSequenceHeld) {
}
