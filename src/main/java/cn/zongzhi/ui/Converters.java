package cn.zongzhi.ui;

import javafx.util.StringConverter;

import java.util.function.Function;

/** Display-only converters for choice controls: a label for each value, never parsed back. */
public final class Converters {
    private Converters() {
    }

    public static <T> StringConverter<T> labelled(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }
}
