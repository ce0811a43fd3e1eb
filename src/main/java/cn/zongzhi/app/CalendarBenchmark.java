package cn.zongzhi.app;

import com.calendarfx.model.Calendar;
import com.calendarfx.model.CalendarSource;
import com.calendarfx.model.Entry;
import com.calendarfx.model.Interval;
import com.calendarfx.view.CalendarView;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Times CalendarFX's week view as the mediation calendar uses it: one calendar per mediator, a week packed with
 * sessions. Each frame scrolls the day columns (or switches weeks) and is rendered into an image, so layout
 * and rasterising count. The baseline is the same view with an empty week.
 */
public final class CalendarBenchmark {
    private CalendarBenchmark() {
    }

    /** Sorted nanoseconds per frame for each scenario; {@code setupNanos}: filling the calendars and the first frame. */
    public record Result(String name, long setupNanos, long[] framesSorted) {
    }

    public static List<Result> run(int sessions, int mediators, int frames) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
        CompletableFuture<List<Result>> results = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                List<Result> measured = new ArrayList<>();
                measured.addAll(measure(0, mediators, frames, "empty week (baseline)"));
                measured.addAll(measure(sessions, mediators, frames, String.format("%,d sessions in the week", sessions)));
                results.complete(measured);
            } catch (RuntimeException e) {
                results.completeExceptionally(e);
            }
        });
        List<Result> measured = results.get(30, TimeUnit.MINUTES);
        Platform.exit();
        return measured;
    }

    private static List<Result> measure(int sessions, int mediators, int frames, String label) {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate monday = LocalDate.of(2026, 11, 23).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        CalendarView view = new CalendarView();
        view.setZoneId(zone);
        view.setDate(monday);
        view.showWeekPage();
        Stage stage = new Stage();
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        WritableImage image = new WritableImage(1280, 800);

        long setupStart = System.nanoTime();
        List<Calendar> calendars = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        Calendar.Style[] styles = Calendar.Style.values();
        for (int m = 0; m < mediators; m++) {
            Calendar calendar = new Calendar("调解员" + m);
            calendar.setStyle(styles[m % (styles.length - 1)]);
            calendars.add(calendar);
        }
        for (int i = 0; i < sessions; i++) {
            LocalDate day = monday.plusDays(random.nextInt(5));
            LocalTime start = LocalTime.of(8, 0).plusMinutes(30L * random.nextInt(18));
            Entry<Object> entry = new Entry<>("邻里纠纷 · 张三、李四 · BYTJ20261123-" + i,
                    new Interval(day.atTime(start), day.atTime(start).plusMinutes(90), zone));
            calendars.get(i % mediators).addEntry(entry);
        }
        CalendarSource source = new CalendarSource("调解员");
        source.getCalendars().setAll(calendars);
        view.getCalendarSources().setAll(source);
        view.applyCss();
        view.layout();
        view.snapshot(null, image);
        long setup = System.nanoTime() - setupStart;

        var weekView = view.getWeekPage().getDetailedWeekView().getWeekView();
        long[] scroll = new long[frames];
        for (int i = 0; i < frames; i++) {
            LocalTime time = LocalTime.of(6, 0).plusMinutes(20L * (i % 36));
            long t0 = System.nanoTime();
            weekView.setScrollTime(monday.atTime(time).atZone(zone));
            view.applyCss();
            view.layout();
            view.snapshot(null, image);
            scroll[i] = System.nanoTime() - t0;
        }
        long[] switching = new long[Math.max(4, frames / 10)];
        for (int i = 0; i < switching.length; i++) {
            long t0 = System.nanoTime();
            view.setDate(i % 2 == 0 ? monday.plusWeeks(1) : monday);
            view.applyCss();
            view.layout();
            view.snapshot(null, image);
            switching[i] = System.nanoTime() - t0;
        }
        stage.close();
        Arrays.sort(scroll);
        Arrays.sort(switching);
        return List.of(new Result(label + ": scroll the day columns", setup, scroll),
                new Result(label + ": switch to the next week and back", setup, switching));
    }
}
