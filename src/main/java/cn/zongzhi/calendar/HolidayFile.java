package cn.zongzhi.calendar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One year of the holiday-cn format: {@code {"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01",
 * "isOffDay": true}, …]}}. A year's file may list days of the neighbouring year (a holiday that starts on
 * 31 December); they are kept with their own dates.
 */
public record HolidayFile(int year, List<CalendarDay> days) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DAYS = 366;

    public static HolidayFile read(InputStream in, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new HolidayFileException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new HolidayFileException(source + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new HolidayFileException(source + ": expected a JSON object with \"year\" and \"days\"");
        }
        JsonNode year = root.get("year");
        if (year == null || !year.canConvertToInt() || year.asInt() < 1949 || year.asInt() > 2200) {
            throw new HolidayFileException(source + ": \"year\" is missing or not a plausible year");
        }
        JsonNode days = root.get("days");
        if (days == null || !days.isArray()) {
            throw new HolidayFileException(source + ": \"days\" is missing or not a list");
        }
        if (days.size() > MAX_DAYS) {
            throw new HolidayFileException(source + ": \"days\" has " + days.size() + " entries; a year has at most " + MAX_DAYS);
        }
        List<CalendarDay> parsed = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            JsonNode day = days.get(i);
            String where = source + ": days[" + i + "]";
            JsonNode date = day.get("date");
            JsonNode off = day.get("isOffDay");
            JsonNode name = day.get("name");
            if (date == null || !date.isTextual()) {
                throw new HolidayFileException(where + ": \"date\" is missing");
            }
            if (off == null || !off.isBoolean()) {
                throw new HolidayFileException(where + ": \"isOffDay\" must be true or false");
            }
            LocalDate parsedDate;
            try {
                parsedDate = LocalDate.parse(date.asText());
            } catch (DateTimeParseException e) {
                throw new HolidayFileException(where + ": \"" + date.asText() + "\" is not a date (yyyy-MM-dd)", e);
            }
            if (Math.abs(parsedDate.getYear() - year.asInt()) > 1) {
                throw new HolidayFileException(where + ": " + parsedDate + " is far from the file's year " + year.asInt());
            }
            String label = name == null || !name.isTextual() ? "" : name.asText();
            parsed.add(new CalendarDay(parsedDate, off.asBoolean(), label.length() > 50 ? label.substring(0, 50) : label));
        }
        return new HolidayFile(year.asInt(), List.copyOf(parsed));
    }
}
