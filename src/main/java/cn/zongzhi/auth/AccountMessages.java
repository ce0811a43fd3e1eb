package cn.zongzhi.auth;

import cn.zongzhi.common.Messages;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Turns a refused account action into a sentence in the user's language. */
final class AccountMessages {
    private AccountMessages() {
    }

    static String describe(Throwable failure, Messages messages, ZoneId zone) {
        if (failure instanceof AccountException refused) {
            String key = "auth.error." + refused.reason().name().toLowerCase(java.util.Locale.ROOT);
            if (refused.reason() == AccountException.Reason.LOCKED && refused.lockedUntil() != null) {
                return messages.text(key, refused.lockedUntil().atZoneSameInstant(zone)
                        .format(DateTimeFormatter.ofPattern("HH:mm")));
            }
            return messages.text(key, AccountService.MIN_PASSWORD_LENGTH);
        }
        return messages.text("common.error.unexpected", failure.getClass().getSimpleName());
    }
}
