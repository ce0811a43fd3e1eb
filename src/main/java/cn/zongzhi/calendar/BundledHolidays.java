package cn.zongzhi.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The holiday-cn year files shipped inside the application (see holiday-cn/README.txt). */
public final class BundledHolidays {
    private static final String FOLDER = "/cn/zongzhi/calendar/holiday-cn/";

    private BundledHolidays() {
    }

    public static List<HolidayFile> load() {
        List<HolidayFile> files = new ArrayList<>();
        try (InputStream index = resource("index.txt");
             BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            String name;
            while ((name = lines.readLine()) != null) {
                if (name.isBlank()) {
                    continue;
                }
                try (InputStream file = resource(name.trim())) {
                    files.add(HolidayFile.read(file, "holiday-cn/" + name.trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bundled holiday files cannot be read", e);
        }
        return files;
    }

    public static WorkingCalendar calendar() {
        return WorkingCalendar.of(load());
    }

    private static InputStream resource(String name) {
        InputStream in = BundledHolidays.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IllegalStateException("bundled holiday file missing: " + FOLDER + name);
        }
        return in;
    }
}
