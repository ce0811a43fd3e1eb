package cn.zongzhi.app;

import cn.zongzhi.mediation.CalendarSession;
import cn.zongzhi.mediation.DisputeType;
import cn.zongzhi.mediation.SessionCalendarsView;
import cn.zongzhi.mediation.SessionDensity;
import com.calendarfx.view.CalendarView;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
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
        List<CalendarSession> week = week(sessions, mediators);
        Set<String> five = new HashSet<>();
        for (int m = 0; m < Math.min(5, mediators); m++) {
            five.add("M" + m);
        }
        CompletableFuture<List<Result>> results = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                List<Result> measured = new ArrayList<>();
                measured.addAll(measure(List.of(), mediators, SessionDensity.DEFAULT_DAY_LIMIT, frames, "empty week (baseline)"));
                measured.addAll(measure(week, mediators, SessionDensity.DEFAULT_DAY_LIMIT, frames,
                        String.format("%,d sessions, all mediators (crowded days summarised by the hour)", sessions)));
                List<CalendarSession> chosen = week.stream().filter(session -> five.contains(session.mediatorCode())).toList();
                measured.addAll(measure(chosen, mediators, SessionDensity.DEFAULT_DAY_LIMIT, frames,
                        String.format("%,d sessions, 5 mediators chosen (%,d sessions drawn one by one)", sessions, chosen.size())));
                measured.addAll(measure(week, mediators, Integer.MAX_VALUE, Math.min(frames, 20),
                        String.format("%,d sessions, every session drawn (no summary, for comparison)", sessions)));
                results.complete(measured);
            } catch (RuntimeException e) {
                results.completeExceptionally(e);
            }
        });
        List<Result> measured = results.get(30, TimeUnit.MINUTES);
        Platform.exit();
        return measured;
    }

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    /** A packed working week: 90-minute sessions on the half hour between 8:00 and 17:00, spread over the mediators. */
    private static List<CalendarSession> week(int sessions, int mediators) {
        SplittableRandom random = new SplittableRandom(3);
        List<CalendarSession> week = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            LocalDate day = MONDAY.plusDays(random.nextInt(5));
            Instant start = day.atTime(LocalTime.of(8, 0).plusMinutes(30L * random.nextInt(18))).atZone(ZONE).toInstant();
            int mediator = i % mediators;
            int room = i % 30;
            week.add(new CalendarSession(UUID.randomUUID(), UUID.randomUUID(), "BYTJ20261123-" + i, "NEIGHBOUR", "",
                    "张三、李四", "M" + mediator, "调解员" + mediator, "R" + room, "调解室" + room,
                    start, start.plusSeconds(90 * 60), "SCHEDULED", null, 0));
        }
        return week;
    }

    private static List<Result> measure(List<CalendarSession> sessions, int mediators, int dayLimit, int frames, String label) {
        CalendarView view = new CalendarView();
        view.setZoneId(ZONE);
        view.setDate(MONDAY);
        view.showWeekPage();
        Stage stage = new Stage();
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        WritableImage image = new WritableImage(1280, 800);

        long setupStart = System.nanoTime();
        List<SessionCalendarsView.Resource> resources = new ArrayList<>();
        for (int m = 0; m < mediators; m++) {
            resources.add(new SessionCalendarsView.Resource("M" + m, "调解员" + m));
        }
        // The console's own builder and titles (as in MediationCalendarViewModel), so this measures what operators see.
        SessionCalendarsView builder = new SessionCalendarsView(
                session -> DisputeType.chineseNameOf(session.disputeType()) + " · " + session.parties() + " · " + session.caseNo(),
                band -> band.sessions() + " 场进行中 · " + band.mediators() + " 名调解员 · " + band.rooms() + " 间调解室",
                moved -> { });
        view.getCalendarSources().setAll(builder.build(SessionDensity.lay(sessions, ZONE, dayLimit), false, resources,
                "调解员", "时段汇总", "已取消", ZONE));
        view.applyCss();
        view.layout();
        view.snapshot(null, image);
        long setup = System.nanoTime() - setupStart;

        var weekView = view.getWeekPage().getDetailedWeekView().getWeekView();
        long[] scroll = new long[frames];
        for (int i = 0; i < frames; i++) {
            LocalTime time = LocalTime.of(6, 0).plusMinutes(20L * (i % 36));
            long t0 = System.nanoTime();
            weekView.setScrollTime(MONDAY.atTime(time).atZone(ZONE));
            view.applyCss();
            view.layout();
            view.snapshot(null, image);
            scroll[i] = System.nanoTime() - t0;
        }
        long[] switching = new long[Math.max(4, frames / 10)];
        for (int i = 0; i < switching.length; i++) {
            long t0 = System.nanoTime();
            view.setDate(i % 2 == 0 ? MONDAY.plusWeeks(1) : MONDAY);
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
