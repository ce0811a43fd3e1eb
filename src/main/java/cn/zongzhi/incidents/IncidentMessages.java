package cn.zongzhi.incidents;

import cn.zongzhi.common.Messages;

import java.util.Locale;

/**
 * Turns a refused action or bad input into a sentence in the user's language; also used by the sync screen, whose
 * 保留本地 / 合并 are corrections through {@link IncidentService}.
 */
public final class IncidentMessages {
    private IncidentMessages() {
    }

    public static String describe(Throwable failure, Messages messages) {
        if (failure instanceof TransitionRefused refused) {
            return messages.text("incidents.refused." + refused.reason().name().toLowerCase(Locale.ROOT),
                    messages.text("incidents.action." + refused.action().name()),
                    messages.text("incidents.status." + refused.from().name()));
        }
        if (failure instanceof cn.zongzhi.auth.AccessDenied denied) {
            return cn.zongzhi.auth.AccessMessages.describe(denied, messages);
        }
        if (failure instanceof IncidentException invalid) {
            return messages.text("incidents.error." + invalid.reason().name().toLowerCase(Locale.ROOT));
        }
        return messages.text("common.error.unexpected", failure.getClass().getSimpleName());
    }
}
