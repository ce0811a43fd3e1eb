package cn.zongzhi.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user's language: Chinese (zh_CN) unless the setting {@code ui.language} says {@code en}.
 * Texts have placeholders ({0}) and are never built by concatenation.
 */
public final class Messages {
    public static final String BUNDLE = "cn.zongzhi.i18n.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    public static Messages forLanguage(String language) {
        Locale locale = "en".equalsIgnoreCase(language) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        // No fallback to the JVM's default locale: on an English system asking for Chinese must not give English.
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Messages(bundle, locale);
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return locale;
    }

    public String text(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        // The bundles are written as plain text ("the citizen's rating (now {1})"): an apostrophe is MessageFormat's
        // quote, which would drop it and leave every placeholder after it unfilled. No text quotes a brace.
        return arguments.length == 0 ? pattern : new MessageFormat(pattern.replace("'", "''"), locale).format(arguments);
    }

    /** The text of a key that may be missing (codes written by older versions, for instance), or {@code fallback}. */
    public String textOrDefault(String key, String fallback) {
        return bundle.containsKey(key) ? text(key) : fallback;
    }
}
