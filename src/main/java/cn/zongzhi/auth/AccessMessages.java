package cn.zongzhi.auth;

import cn.zongzhi.common.Messages;

/** A refusal by role or area in the operator's words: what was asked and why not. */
public final class AccessMessages {
    private AccessMessages() {
    }

    public static String describe(AccessDenied denied, Messages messages) {
        return messages.text(denied.key(), messages.text("permission." + denied.permission().name()));
    }
}
