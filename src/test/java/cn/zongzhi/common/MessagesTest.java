package cn.zongzhi.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Texts with placeholders keep their apostrophes and fill every placeholder, in both languages. */
class MessagesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    @Test
    void anApostropheBeforeAPlaceholderNeitherVanishesNorStopsTheFilling() {
        Messages english = Messages.forLanguage("en");

        assertThat(english.text("incidents.refused.satisfaction_required", "Close", "RESOLVED"))
                .isEqualTo("\"Close\" needs the citizen's rating (now RESOLVED).");
        assertThat(english.text("backup.refused.auditBroken", 17))
                .isEqualTo("The backup's audit log is broken at entry 17; the backup cannot be trusted.");
    }

    @Test
    void everyTextWithPlaceholdersIsFilledWhole() {
        for (String language : List.of("zh", "en")) {
            Messages messages = Messages.forLanguage(language);
            for (String key : messages.bundle().keySet()) {
                String pattern = messages.bundle().getString(key);
                Matcher matcher = PLACEHOLDER.matcher(pattern);
                int highest = -1;
                while (matcher.find()) {
                    highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
                }
                if (highest < 0) {
                    continue;
                }
                List<Object> arguments = new ArrayList<>();
                for (int i = 0; i <= highest; i++) {
                    arguments.add(7);
                }
                String text = messages.text(key, arguments.toArray());
                assertThat(text).as("%s %s", language, key).doesNotContain("{");
                assertThat(text.chars().filter(c -> c == '\'').count()).as("%s %s", language, key)
                        .isEqualTo(pattern.chars().filter(c -> c == '\'').count());
            }
        }
    }
}
