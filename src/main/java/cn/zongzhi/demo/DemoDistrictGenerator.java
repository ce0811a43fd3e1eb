package cn.zongzhi.demo;

import cn.zongzhi.areas.AdminArea;
import cn.zongzhi.areas.AreaLevel;
import cn.zongzhi.areas.AreaRepository;
import cn.zongzhi.areas.GridRepository;
import cn.zongzhi.areas.GridRow;
import cn.zongzhi.areas.GridStaffRow;
import cn.zongzhi.calendar.BundledHolidays;
import cn.zongzhi.calendar.DeadlineCalculator;
import cn.zongzhi.calendar.TimeLimit;
import cn.zongzhi.calendar.TimeLimitUnit;
import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.CreditCode;
import cn.zongzhi.common.Progress;
import cn.zongzhi.incidents.BulkIncident;
import cn.zongzhi.incidents.CatalogueRepository;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.mediation.MediationRepository;
import cn.zongzhi.mediation.MediationRows;
import cn.zongzhi.office.InstallationRepository;
import net.sourceforge.pinyin4j.PinyinHelper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jooq.DSLContext;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The demo district: Baiyun district of Guangzhou with its real division codes, and everything else synthetic:
 * grid polygons, grid staff, departments, the category catalogue, mediators and rooms, a year of incidents
 * and disputes. Deterministic: the same options give the same rows, ids included. Incidents are written in
 * batches, each in its own transaction, so a million fit in a small heap and a cancel keeps what was written.
 */
public final class DemoDistrictGenerator {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int BATCH = 2_000;
    private static final String CASE_PREFIX = "BY";
    private static final String[] ROADS = {"白云大道北", "机场路", "广园中路", "鹤龙一路", "同和路", "黄石东路", "太和中路", "石井大道",
            "广州大道北", "云城东路", "齐富路", "嘉禾路", "新市墟路", "三元里大道", "增槎路", "西槎路", "沙太路", "永泰路",
            "江夏路", "远景路", "龙归大道", "钟落潭大街", "人和大道", "江高大道", "金沙洲路", "京溪路", "景泰直街", "棠溪路"};
    private static final Channel[] CHANNELS = {Channel.GRID_APP, Channel.HOTLINE_12345, Channel.URBAN_MANAGEMENT,
            Channel.WECHAT, Channel.WALK_IN, Channel.NON_POLICE_110, Channel.LEADER_MAILBOX, Channel.OTHER};
    private static final int[] CHANNEL_WEIGHTS = {45, 25, 10, 8, 5, 4, 2, 1};
    private static final String[] OPERATORS = {"李娜", "陈晓敏", "黄志强", "吴丽华", "梁嘉欣", "何俊杰"};

    private final DSLContext dsl;

    public DemoDistrictGenerator(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DemoSummary generate(DemoOptions options, Progress progress) {
        long started = System.nanoTime();
        if (new IncidentRepository(dsl).count() > 0 || new GridRepository(dsl).count("COMPREHENSIVE") > 0) {
            throw new DemoException("the database already holds incidents or grids; the demo district goes only into an empty database");
        }
        SplittableRandom root = new SplittableRandom(options.seed());
        // Separate streams: asking for more incidents must not move the grids or the people.
        SplittableRandom geometryRandom = root.split();
        SplittableRandom staffRandom = root.split();
        SplittableRandom incidentRandom = root.split();
        SplittableRandom disputeRandom = root.split();

        progress.step(0, 1, "区划");
        List<AdminArea> areas = bundledAreas();
        dsl.transaction(c -> new AreaRepository(c.dsl()).upsert(areas));

        List<CatalogueRepository.Department> departments = departments();
        Catalogue catalogue = catalogue();
        dsl.transaction(c -> {
            CatalogueRepository repository = new CatalogueRepository(c.dsl());
            repository.upsertDepartments(departments);
            repository.upsertCategories(catalogue.categories());
        });
        progress.checkCancelled();

        Grids grids = writeGrids(areas, geometryRandom, staffRandom, progress);
        progress.checkCancelled();

        List<MediationRows.Mediator> mediators = mediators(staffRandom);
        List<MediationRows.Room> rooms = rooms();
        dsl.transaction(c -> {
            MediationRepository repository = new MediationRepository(c.dsl());
            repository.upsertMediators(mediators);
            repository.upsertRooms(rooms);
        });

        new InstallationRepository(dsl).markDemo();
        // A demo is a bulk load into an empty table: the indexes are built once over the rows at the end.
        try (var deferred = new IncidentRepository(dsl).deferIndexes()) {
            writeIncidents(options, catalogue, grids, incidentRandom, progress);
            progress.step(options.incidents(), options.incidents(), "索引");
        }
        writeDisputes(options, grids, mediators, rooms, disputeRandom, progress);

        return new DemoSummary(areas.size(), grids.comprehensive, grids.micro.size(), grids.staff, departments.size(),
                catalogue.categories().size(), mediators.size(), rooms.size(), options.incidents(), options.disputes(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    // ---- reference data -------------------------------------------------------------------------------------

    private static List<AdminArea> bundledAreas() {
        List<AdminArea> areas = new ArrayList<>();
        for (CSVRecord row : csv("baiyun-440111.csv")) {
            String parent = row.get("parent_code");
            areas.add(new AdminArea(row.get("code"), row.get("name"), AreaLevel.valueOf(row.get("level")),
                    parent.isEmpty() ? null : parent));
        }
        return areas;
    }

    private static List<CatalogueRepository.Department> departments() {
        List<CatalogueRepository.Department> departments = new ArrayList<>();
        for (CSVRecord row : csv("departments.csv")) {
            departments.add(new CatalogueRepository.Department(row.get("code"), row.get("name"), "440111000000", row.get("phone")));
        }
        return departments;
    }

    private record Catalogue(List<CatalogueRepository.Category> categories, List<CatalogueRepository.Category> leaves,
                             int[] weights, int totalWeight) {
    }

    private static Catalogue catalogue() {
        List<CatalogueRepository.Category> categories = new ArrayList<>();
        List<CatalogueRepository.Category> leaves = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (CSVRecord row : csv("categories.csv")) {
            String limit = row.get("time_limit");
            CatalogueRepository.Category category = new CatalogueRepository.Category(row.get("code"), row.get("name"),
                    pinyinInitials(row.get("name")), emptyToNull(row.get("parent_code")), emptyToNull(row.get("default_department")),
                    emptyToNull(row.get("fallback_department")), limit.isEmpty() ? null : Integer.valueOf(limit),
                    emptyToNull(row.get("time_limit_unit")), Boolean.parseBoolean(row.get("emergency")));
            categories.add(category);
            if (category.parentCode() != null) {
                leaves.add(category);
                weights.add(Integer.parseInt(row.get("weight")));
            }
        }
        int[] weightArray = weights.stream().mapToInt(Integer::intValue).toArray();
        return new Catalogue(categories, leaves, weightArray, weights.stream().mapToInt(Integer::intValue).sum());
    }

    /** First letters of each character's pinyin (暴露垃圾 → BLLJ), for typing a category by its initials. */
    static String pinyinInitials(String name) {
        StringBuilder initials = new StringBuilder();
        for (char c : name.toCharArray()) {
            String[] readings = PinyinHelper.toHanyuPinyinStringArray(c);
            if (readings != null && readings.length > 0) {
                initials.append(Character.toUpperCase(readings[0].charAt(0)));
            } else if (Character.isLetterOrDigit(c) && c < 128) {
                initials.append(Character.toUpperCase(c));
            }
        }
        return initials.toString();
    }

    private static Iterable<CSVRecord> csv(String name) {
        InputStream in = DemoDistrictGenerator.class.getResourceAsStream("/cn/zongzhi/demo/" + name);
        if (in == null) {
            throw new IllegalStateException("demo resource missing: " + name);
        }
        try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    // ---- grids ----------------------------------------------------------------------------------------------

    /** A micro grid an incident can be placed in. */
    private record Target(UUID gridId, String communityCode, String communityName, Geometry boundary) {
    }

    private static final class Grids {
        final List<Target> micro = new ArrayList<>();
        final List<String> communities = new ArrayList<>();
        int comprehensive;
        int staff;
    }

    private Grids writeGrids(List<AdminArea> areas, SplittableRandom random, SplittableRandom people, Progress progress) {
        Map<String, List<AdminArea>> communitiesByTown = new HashMap<>();
        List<AdminArea> towns = new ArrayList<>();
        for (AdminArea area : areas) {
            if (area.level() == AreaLevel.TOWN) {
                towns.add(area);
            } else if (area.level() == AreaLevel.COMMUNITY) {
                communitiesByTown.computeIfAbsent(area.parentCode(), key -> new ArrayList<>()).add(area);
            }
        }
        Grids grids = new Grids();
        Geometry districtOutline = DemoGeometry.districtOutline(random);
        List<Geometry> townCells = DemoGeometry.split(districtOutline, towns.size(), random);
        if (townCells.size() != towns.size()) {
            throw new IllegalStateException("could not lay out " + towns.size() + " towns");
        }
        WKTWriter wkt = new WKTWriter();
        // The map draws areas from their own outlines: the cells the grids were cut from are exactly those.
        List<AreaRepository.Boundary> outlines = new ArrayList<>();
        areas.stream().filter(area -> area.level() == AreaLevel.DISTRICT).findFirst()
                .ifPresent(district -> outlines.add(boundary(district.code(), districtOutline, wkt)));
        for (int t = 0; t < towns.size(); t++) {
            outlines.add(boundary(towns.get(t).code(), townCells.get(t), wkt));
            AdminArea town = towns.get(t);
            List<AdminArea> communities = communitiesByTown.getOrDefault(town.code(), List.of());
            List<Geometry> communityCells = DemoGeometry.split(townCells.get(t), communities.size(), random);
            if (communityCells.size() != communities.size()) {
                throw new IllegalStateException("could not lay out the communities of " + town.name());
            }
            List<GridRow> rows = new ArrayList<>();
            List<GridStaffRow> staff = new ArrayList<>();
            for (int c = 0; c < communities.size(); c++) {
                AdminArea community = communities.get(c);
                outlines.add(boundary(community.code(), communityCells.get(c), wkt));
                grids.communities.add(community.code());
                String shortName = shortName(community.name());
                int households = 800 + random.nextInt(1700);
                int comprehensiveCount = Math.max(1, Math.round(households / 400f));
                List<Geometry> gridCells = DemoGeometry.split(communityCells.get(c), comprehensiveCount, random);
                for (int g = 0; g < gridCells.size(); g++) {
                    Geometry cell = gridCells.get(g);
                    int gridHouseholds = 300 + random.nextInt(201);
                    UUID gridId = seededId(random, 0);
                    String gridCode = community.code() + String.format("%03d", g + 1);
                    String gridName = shortName + "第" + (g + 1) + "网格";
                    rows.add(row(gridId, gridCode, gridName, "COMPREHENSIVE", community.code(), null, cell, gridHouseholds, wkt, random));
                    grids.comprehensive++;
                    staff.add(new GridStaffRow(seededId(people, 0), gridId, SyntheticPeople.name(people), "LEADER", SyntheticPeople.mobile(people)));
                    int workers = 1 + people.nextInt(3);
                    for (int w = 0; w < workers; w++) {
                        staff.add(new GridStaffRow(seededId(people, 0), gridId, SyntheticPeople.name(people), "WORKER", SyntheticPeople.mobile(people)));
                    }
                    int microCount = Math.max(2, Math.round(gridHouseholds / (60f + random.nextInt(41))));
                    List<Geometry> microCells = DemoGeometry.split(cell, microCount, random);
                    int remaining = gridHouseholds;
                    for (int m = 0; m < microCells.size(); m++) {
                        int microHouseholds = m == microCells.size() - 1 ? remaining : Math.max(1, gridHouseholds / microCells.size());
                        remaining -= microHouseholds;
                        UUID microId = seededId(random, 0);
                        rows.add(row(microId, gridCode + String.format("%02d", m + 1), gridName + (m + 1) + "号微网格", "MICRO",
                                community.code(), gridId, microCells.get(m), microHouseholds, wkt, random));
                        grids.micro.add(new Target(microId, community.code(), shortName, microCells.get(m)));
                        staff.add(new GridStaffRow(seededId(people, 0), microId, SyntheticPeople.name(people), "LIAISON", SyntheticPeople.mobile(people)));
                        if (people.nextInt(3) == 0) {
                            staff.add(new GridStaffRow(seededId(people, 0), microId, SyntheticPeople.name(people), "PARTY_MEMBER", SyntheticPeople.mobile(people)));
                        }
                    }
                }
            }
            grids.staff += staff.size();
            dsl.transaction(configuration -> {
                GridRepository repository = new GridRepository(configuration.dsl());
                repository.insert(rows);
                repository.insertStaff(staff);
            });
            progress.step(t + 1, towns.size(), "网格");
            progress.checkCancelled();
        }
        dsl.transaction(configuration -> new AreaRepository(configuration.dsl()).updateBoundaries(outlines));
        return grids;
    }

    private static AreaRepository.Boundary boundary(String code, Geometry outline, WKTWriter wkt) {
        var box = outline.getEnvelopeInternal();
        return new AreaRepository.Boundary(code, wkt.write(outline), "WGS84", box.getMinX(), box.getMinY(), box.getMaxX(),
                box.getMaxY());
    }

    private static GridRow row(UUID id, String code, String name, String level, String areaCode, UUID parent, Geometry cell,
                               int households, WKTWriter wkt, SplittableRandom random) {
        var box = cell.getEnvelopeInternal();
        int population = (int) Math.round(households * (2.4 + random.nextDouble() * 0.7));
        return new GridRow(id, code, name, level, areaCode, parent, wkt.write(cell), "WGS84", box.getMinX(), box.getMinY(),
                box.getMaxX(), box.getMaxY(), households, population);
    }

    static String shortName(String officialName) {
        // The official names end in the committee (居民委员会/居委会, 村民委员会/村委会); people name the place.
        return officialName.replace("社区居民委员会", "社区").replace("社区居委会", "社区").replace("居民委员会", "社区")
                .replace("居委会", "社区").replace("村民委员会", "村").replace("村委会", "村");
    }

    // ---- incidents ------------------------------------------------------------------------------------------

    private void writeIncidents(DemoOptions options, Catalogue catalogue, Grids grids, SplittableRandom random, Progress progress) {
        WorkingCalendar calendar = BundledHolidays.calendar();
        DeadlineCalculator deadlines = new DeadlineCalculator(calendar, WorkingHours.standard());
        Instant now = options.now();
        Map<LocalDate, Integer> caseNumbers = new HashMap<>();
        List<BulkIncident> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < options.incidents(); i++) {
            batch.add(incident(options, catalogue, grids, random, deadlines, now, caseNumbers));
            if (batch.size() == BATCH || i == options.incidents() - 1) {
                List<BulkIncident> toWrite = List.copyOf(batch);
                dsl.transaction(configuration -> new IncidentRepository(configuration.dsl()).insertAll(toWrite));
                batch.clear();
                progress.step(i + 1, options.incidents(), "事件");
                progress.checkCancelled();
            }
        }
    }

    private BulkIncident incident(DemoOptions options, Catalogue catalogue, Grids grids, SplittableRandom random,
                                  DeadlineCalculator deadlines, Instant now, Map<LocalDate, Integer> caseNumbers) {
        LocalDate day = options.today().minusDays(random.nextInt(365));
        LocalTime time = LocalTime.of(7 + random.nextInt(14), random.nextInt(60), random.nextInt(60));
        Instant reported = day.atTime(time).atZone(ZONE).toInstant();
        if (reported.isAfter(now)) {
            reported = now.minus(Duration.ofMinutes(5 + random.nextInt(600)));
            day = LocalDate.ofInstant(reported, ZONE);
        }
        CatalogueRepository.Category category = pickCategory(catalogue, random);
        Channel channel = pick(CHANNELS, CHANNEL_WEIGHTS, random);
        Target where = grids.micro.get(random.nextInt(grids.micro.size()));
        Point point = DemoGeometry.pointIn(where.boundary(), random);
        String address = where.communityName() + ROADS[random.nextInt(ROADS.length)] + (1 + random.nextInt(300)) + "号";
        RiskLevel risk = category.emergency()
                ? (random.nextInt(3) == 0 ? RiskLevel.RED : RiskLevel.ORANGE)
                : (random.nextInt(100) < 90 ? RiskLevel.YELLOW : random.nextInt(10) == 0 ? RiskLevel.RED : RiskLevel.ORANGE);
        String reporter = SyntheticPeople.name(random);
        String phone = SyntheticPeople.mobile(random);
        int sequence = caseNumbers.merge(day, 1, Integer::sum);
        String caseNo = CASE_PREFIX + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + String.format("%06d", sequence);
        String operator = OPERATORS[random.nextInt(OPERATORS.length)];

        Timeline timeline = new Timeline(now, operator, random);
        timeline.add(reported, IncidentAction.REPORT, null, IncidentStatus.REPORTED, null, "channel=" + channel.name());
        Instant accepted = reported.plus(Duration.ofMinutes(5 + random.nextInt(55)));
        String department = category.defaultDepartmentCode();
        Instant dispatched = null;
        Instant due = null;
        Instant resolved = null;
        Instant closed = null;
        Satisfaction satisfaction = null;
        int rework = 0;
        String result = null;
        int fate = random.nextInt(1000);
        if (fate < 20) {
            timeline.add(accepted, IncidentAction.DECLINE, IncidentStatus.REPORTED, IncidentStatus.DECLINED, null, "不属于受理范围，已告知来电人转相关渠道");
        } else if (channel == Channel.GRID_APP && fate < 300) {
            // 即巡即办: the grid worker fixed it on the spot.
            resolved = reported.plus(Duration.ofMinutes(10 + random.nextInt(110)));
            result = "网格员现场处置完毕";
            timeline.add(resolved, IncidentAction.HANDLE_ON_SPOT, IncidentStatus.REPORTED, IncidentStatus.RESOLVED, null, result);
            Instant verified = resolved.plus(Duration.ofHours(1 + random.nextInt(24)));
            timeline.add(verified, IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, null, null);
            closed = verified.plus(Duration.ofHours(2 + random.nextInt(46)));
            satisfaction = random.nextInt(100) < 90 ? Satisfaction.SATISFIED : Satisfaction.BASICALLY_SATISFIED;
            timeline.add(closed, IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.CLOSED, null, "satisfaction=" + satisfaction);
        } else {
            timeline.add(accepted, IncidentAction.ACCEPT, IncidentStatus.REPORTED, IncidentStatus.ACCEPTED, null, null);
            dispatched = accepted.plus(Duration.ofMinutes(10 + random.nextInt(110)));
            due = dueAt(deadlines, dispatched, category);
            timeline.add(dispatched, IncidentAction.DISPATCH, IncidentStatus.ACCEPTED, IncidentStatus.DISPATCHED, department, null);
            Instant startedAt = dispatched.plus(Duration.ofMinutes(30 + random.nextInt(480)));
            timeline.add(startedAt, IncidentAction.START, IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS, department, null);
            long allowed = Math.max(Duration.ofHours(2).toMillis(), Duration.between(dispatched, due).toMillis());
            double share = random.nextInt(100) < 4 ? 1.05 + random.nextDouble() : 0.15 + random.nextDouble() * 0.8;
            resolved = max(startedAt.plusSeconds(600), dispatched.plusMillis((long) (allowed * share)));
            result = "已按要求处置完毕，现场已恢复";
            timeline.add(resolved, IncidentAction.RESOLVE, IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED, department, result);
            Instant verified = resolved.plus(Duration.ofHours(1 + random.nextInt(24)));
            timeline.add(verified, IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, null, null);
            Instant rated = verified.plus(Duration.ofHours(2 + random.nextInt(46)));
            if (random.nextInt(100) < 3) {
                rework = 1;
                timeline.add(rated, IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.DISPATCHED, department,
                        "satisfaction=DISSATISFIED; 群众反映问题未彻底解决");
                Instant redone = rated.plus(Duration.ofHours(4 + random.nextInt(44)));
                timeline.add(redone, IncidentAction.START, IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS, department, null);
                resolved = redone.plus(Duration.ofHours(2 + random.nextInt(40)));
                timeline.add(resolved, IncidentAction.RESOLVE, IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED, department, "重办完毕");
                verified = resolved.plus(Duration.ofHours(1 + random.nextInt(24)));
                timeline.add(verified, IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, null, null);
                Instant reworkDispatched = rated;
                rated = verified.plus(Duration.ofHours(2 + random.nextInt(46)));
                if (!reworkDispatched.isAfter(now)) {
                    due = dueAt(deadlines, reworkDispatched, category);
                }
            }
            int rating = random.nextInt(100);
            satisfaction = rating < 84 ? Satisfaction.SATISFIED : Satisfaction.BASICALLY_SATISFIED;
            closed = rated;
            timeline.add(closed, IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.CLOSED, null, "satisfaction=" + satisfaction);
        }
        // Whatever lies after "now" has not happened yet: the incident stands where its last past event left it.
        IncidentStatus status = timeline.status();
        boolean done = status == IncidentStatus.CLOSED;
        return new BulkIncident(seededId(random, reported.toEpochMilli()), caseNo, null, channel, category.code(),
                where.communityName() + category.name(),
                "群众反映：" + address + "附近" + category.name() + "，请尽快核实处理。", address,
                point.getX(), point.getY(), where.communityCode(), where.gridId(), risk, reporter, phone, status,
                department, reported, timeline.countOf(IncidentAction.ACCEPT) > 0 ? accepted : null,
                dispatched != null && timeline.happened(dispatched) ? dispatched : null,
                dispatched != null && timeline.happened(dispatched) ? due : null,
                resolved != null && timeline.happened(resolved) ? resolved : null, done ? closed : null,
                done ? satisfaction : null, rework > 0 && timeline.countOf(IncidentAction.CLOSE) > 0 ? rework : 0,
                resolved != null && timeline.happened(resolved) ? result : null, true, options.officeCode(),
                reported.toEpochMilli() << 16, timeline.events());
    }

    private static Instant dueAt(DeadlineCalculator deadlines, Instant from, CatalogueRepository.Category category) {
        LocalDateTime start = LocalDateTime.ofInstant(from, ZONE);
        TimeLimit limit = new TimeLimit(category.timeLimit(), TimeLimitUnit.valueOf(category.timeLimitUnit()));
        return deadlines.due(start, limit).atZone(ZONE).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** An incident's events up to "now", with ids drawn from the same seeded stream. */
    private static final class Timeline {
        private final Instant now;
        private final String operator;
        private final SplittableRandom random;
        private final List<IncidentEvent> events = new ArrayList<>();
        private IncidentStatus status;

        Timeline(Instant now, String operator, SplittableRandom random) {
            this.now = now;
            this.operator = operator;
            this.random = random;
        }

        void add(Instant at, IncidentAction action, IncidentStatus from, IncidentStatus to, String department, String note) {
            UUID id = seededId(random, at.toEpochMilli());
            if (at.isAfter(now)) {
                return;
            }
            if (!events.isEmpty() && events.get(events.size() - 1).to() != from) {
                return;
            }
            events.add(new IncidentEvent(id, action, from, to, operator, department, note, at));
            status = to;
        }

        boolean happened(Instant at) {
            return at != null && !at.isAfter(now) && !events.isEmpty() && !events.get(events.size() - 1).occurredAt().isBefore(at);
        }

        int countOf(IncidentAction action) {
            return (int) events.stream().filter(event -> event.action() == action).count();
        }

        IncidentStatus status() {
            return status;
        }

        List<IncidentEvent> events() {
            return List.copyOf(events);
        }
    }

    private static CatalogueRepository.Category pickCategory(Catalogue catalogue, SplittableRandom random) {
        int draw = random.nextInt(catalogue.totalWeight());
        for (int i = 0; i < catalogue.weights().length; i++) {
            draw -= catalogue.weights()[i];
            if (draw < 0) {
                return catalogue.leaves().get(i);
            }
        }
        return catalogue.leaves().get(catalogue.leaves().size() - 1);
    }

    private static <T> T pick(T[] values, int[] weights, SplittableRandom random) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int draw = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** A UUID shaped like version 7 (time-ordered by {@code millis}), drawn from the seeded stream. */
    static UUID seededId(SplittableRandom random, long millis) {
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    // ---- mediation ------------------------------------------------------------------------------------------

    static final String[] DISPUTE_TYPES = {"MARRIAGE_FAMILY", "NEIGHBOUR", "HOUSING_HOMESTEAD", "CONTRACT",
            "PRODUCTION_OPERATION", "DAMAGES", "FOREST_LAND", "LAND_ACQUISITION", "ENVIRONMENT", "LABOUR", "CONSUMER",
            "MEDICAL", "TRAFFIC_ACCIDENT", "PROPERTY_MANAGEMENT", "OTHER"};
    private static final int[] DISPUTE_WEIGHTS = {14, 16, 6, 8, 4, 7, 1, 2, 2, 16, 6, 3, 7, 6, 2};
    private static final String[] SOURCES = {"PARTY_APPLICATION", "POLICE_TRANSFER", "COURT_ENTRUSTED",
            "GOVERNMENT_ASSIGNED", "OWN_INITIATIVE", "FROM_INCIDENT"};
    private static final int[] SOURCE_WEIGHTS = {45, 15, 15, 10, 8, 7};
    private static final String[] ROUTES = {"PEOPLES", "ADMINISTRATIVE", "JUDICIAL", "LAWYER", "PSYCHOLOGICAL"};
    private static final int[] ROUTE_WEIGHTS = {60, 15, 15, 5, 5};
    private static final String[] MEDIATOR_KINDS = {"MODEL_MEDIATOR", "RETIRED_JUDGE", "RETIRED_POLICE", "LAWYER",
            "PSYCHOLOGIST", "COMMUNITY_CADRE"};
    private static final LocalTime[] SLOTS = {LocalTime.of(9, 0), LocalTime.of(10, 30), LocalTime.of(14, 0), LocalTime.of(15, 30)};

    private static List<MediationRows.Mediator> mediators(SplittableRandom random) {
        List<MediationRows.Mediator> mediators = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String kind = MEDIATOR_KINDS[random.nextInt(MEDIATOR_KINDS.length)];
            Set<String> specialties = new java.util.TreeSet<>();
            int count = 2 + random.nextInt(3);
            while (specialties.size() < count) {
                specialties.add(pick(DISPUTE_TYPES, DISPUTE_WEIGHTS, random));
            }
            String name = SyntheticPeople.name(random);
            String studio = i <= 3 ? name + "调解工作室" : null;
            mediators.add(new MediationRows.Mediator(String.format("M%03d", i), name, kind, String.join(",", specialties),
                    studio, SyntheticPeople.mobile(random)));
        }
        return mediators;
    }

    private static List<MediationRows.Room> rooms() {
        return List.of(new MediationRows.Room("R01", "第一调解室", 6, "区矛盾纠纷多元化解中心二楼"),
                new MediationRows.Room("R02", "第二调解室", 6, "区矛盾纠纷多元化解中心二楼"),
                new MediationRows.Room("R03", "第三调解室", 8, "区矛盾纠纷多元化解中心二楼"),
                new MediationRows.Room("R04", "劳资纠纷调解室", 12, "区矛盾纠纷多元化解中心三楼"),
                new MediationRows.Room("R05", "婚姻家庭调解室", 4, "区矛盾纠纷多元化解中心三楼"),
                new MediationRows.Room("R06", "诉前调解室", 8, "区人民法院诉讼服务中心"),
                new MediationRows.Room("R07", "心理疏导室", 3, "区矛盾纠纷多元化解中心三楼"),
                new MediationRows.Room("R08", "视频调解室", 4, "区矛盾纠纷多元化解中心四楼"));
    }

    private void writeDisputes(DemoOptions options, Grids grids, List<MediationRows.Mediator> mediators,
                               List<MediationRows.Room> rooms, SplittableRandom random, Progress progress) {
        WorkingCalendar calendar = BundledHolidays.calendar();
        Instant now = options.now();
        Set<String> booked = new HashSet<>();
        Map<LocalDate, Integer> caseNumbers = new HashMap<>();
        List<MediationRows.Dispute> disputes = new ArrayList<>();
        List<MediationRows.Party> parties = new ArrayList<>();
        List<MediationRows.Session> sessions = new ArrayList<>();
        for (int i = 0; i < options.disputes(); i++) {
            String type = pick(DISPUTE_TYPES, DISPUTE_WEIGHTS, random);
            LocalDate day = options.today().minusDays(random.nextInt(365));
            if ("LABOUR".equals(type) && random.nextBoolean()) {
                // Unpaid wages peak in the weeks before the Spring Festival.
                day = LocalDate.of(options.today().getMonthValue() >= 3 ? options.today().getYear() : options.today().getYear() - 1, 1, 5)
                        .plusDays(random.nextInt(40));
                if (day.isAfter(options.today())) {
                    day = day.minusYears(1);
                }
            }
            while (!calendar.isWorkingDay(day)) {
                day = day.minusDays(1);
            }
            Instant registered = day.atTime(9 + random.nextInt(8), random.nextInt(60)).atZone(ZONE).toInstant();
            if (registered.isAfter(now)) {
                registered = now.minus(Duration.ofHours(1 + random.nextInt(6)));
            }
            UUID id = seededId(random, registered.toEpochMilli());
            String mediator = mediatorFor(type, mediators, random);
            String areaCode = grids.communities.get(random.nextInt(grids.communities.size()));
            BigDecimal amount = amountFor(type, random);
            int sequence = caseNumbers.merge(day, 1, Integer::sum);
            String caseNo = "BYTJ" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + String.format("%04d", sequence);

            List<Instant> sessionStarts = new ArrayList<>();
            int sessionCount = 1 + random.nextInt(3);
            LocalDate sessionDay = day;
            for (int s = 0; s < sessionCount; s++) {
                sessionDay = nextWorkingDay(calendar, sessionDay.plusDays(1 + random.nextInt(5)));
                for (int tries = 0; tries < 40; tries++) {
                    LocalTime slot = SLOTS[random.nextInt(SLOTS.length)];
                    String room = rooms.get(random.nextInt(rooms.size())).code();
                    String mediatorKey = mediator + "@" + sessionDay + "T" + slot;
                    String roomKey = room + "@" + sessionDay + "T" + slot;
                    if (booked.contains(mediatorKey) || booked.contains(roomKey)) {
                        if (tries % 4 == 3) {
                            sessionDay = nextWorkingDay(calendar, sessionDay.plusDays(1));
                        }
                        continue;
                    }
                    booked.add(mediatorKey);
                    booked.add(roomKey);
                    Instant start = sessionDay.atTime(slot).atZone(ZONE).toInstant();
                    sessionStarts.add(start);
                    String status = start.isAfter(now) ? "SCHEDULED" : random.nextInt(10) == 0 ? "ADJOURNED" : "HELD";
                    sessions.add(new MediationRows.Session(seededId(random, start.toEpochMilli()), id, mediator, room, start,
                            start.plus(Duration.ofMinutes(90)), status, options.officeCode(), start.toEpochMilli() << 16));
                    break;
                }
            }
            Instant lastSession = sessionStarts.isEmpty() ? registered : sessionStarts.get(sessionStarts.size() - 1);
            boolean finished = lastSession.plus(Duration.ofDays(2)).isBefore(now);
            String outcome = null;
            BigDecimal agreed = null;
            Instant closedAt = null;
            String status = sessionStarts.stream().anyMatch(start -> !start.isAfter(now)) ? "IN_MEDIATION" : "REGISTERED";
            if (finished) {
                int draw = random.nextInt(1000);
                outcome = draw < 874 ? "AGREEMENT" : draw < 930 ? "FAILED" : draw < 965 ? "REFERRED_TO_COURT" : "WITHDRAWN";
                closedAt = lastSession.plus(Duration.ofMinutes(90));
                status = "CLOSED";
                if ("AGREEMENT".equals(outcome) && amount != null) {
                    agreed = amount.multiply(BigDecimal.valueOf(0.6 + random.nextDouble() * 0.4)).setScale(2, RoundingMode.HALF_UP);
                }
            }
            disputes.add(new MediationRows.Dispute(id, caseNo, type, pick(SOURCES, SOURCE_WEIGHTS, random),
                    pick(ROUTES, ROUTE_WEIGHTS, random), summaryFor(type), amount, random.nextInt(10) == 0 ? "ORANGE" : "YELLOW",
                    status, areaCode, mediator, registered, registered.plus(Duration.ofDays(30)), closedAt, outcome, agreed,
                    true, options.officeCode(), registered.toEpochMilli() << 16));
            parties.add(person(id, "APPLICANT", random, options, registered));
            boolean organisation = switch (type) {
                case "LABOUR", "CONSUMER", "PROPERTY_MANAGEMENT", "MEDICAL", "CONTRACT" -> random.nextInt(10) < 8;
                default -> false;
            };
            parties.add(organisation ? organisation(id, random, options, registered) : person(id, "RESPONDENT", random, options, registered));
            if (disputes.size() == BATCH || i == options.disputes() - 1) {
                List<MediationRows.Dispute> d = List.copyOf(disputes);
                List<MediationRows.Party> p = List.copyOf(parties);
                List<MediationRows.Session> s = List.copyOf(sessions);
                dsl.transaction(configuration -> new MediationRepository(configuration.dsl()).insertDisputes(d, p, s));
                disputes.clear();
                parties.clear();
                sessions.clear();
                progress.step(i + 1, options.disputes(), "纠纷");
                progress.checkCancelled();
            }
        }
    }

    private static LocalDate nextWorkingDay(WorkingCalendar calendar, LocalDate day) {
        LocalDate candidate = day;
        while (!calendar.isWorkingDay(candidate)) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }

    private static String mediatorFor(String type, List<MediationRows.Mediator> mediators, SplittableRandom random) {
        List<MediationRows.Mediator> specialists = mediators.stream()
                .filter(mediator -> mediator.specialties().contains(type)).toList();
        List<MediationRows.Mediator> pool = specialists.isEmpty() ? mediators : specialists;
        return pool.get(random.nextInt(pool.size())).code();
    }

    private static BigDecimal amountFor(String type, SplittableRandom random) {
        int base = switch (type) {
            case "LABOUR" -> 3_000 + random.nextInt(60_000);
            case "TRAFFIC_ACCIDENT", "MEDICAL" -> 5_000 + random.nextInt(200_000);
            case "CONTRACT", "PRODUCTION_OPERATION", "HOUSING_HOMESTEAD", "LAND_ACQUISITION" -> 10_000 + random.nextInt(500_000);
            case "DAMAGES", "CONSUMER", "PROPERTY_MANAGEMENT" -> 500 + random.nextInt(30_000);
            default -> random.nextInt(4) == 0 ? 1_000 + random.nextInt(20_000) : 0;
        };
        return base == 0 ? null : BigDecimal.valueOf(base).setScale(2, RoundingMode.UNNECESSARY);
    }

    private static String summaryFor(String type) {
        return switch (type) {
            case "LABOUR" -> "申请人称在工地务工期间工资被拖欠，多次讨要未果，请求调解支付欠薪。";
            case "NEIGHBOUR" -> "双方因楼上漏水、噪音问题多次发生争执，请求调解。";
            case "MARRIAGE_FAMILY" -> "夫妻双方因赡养老人及家庭开支发生矛盾，请求调解。";
            case "TRAFFIC_ACCIDENT" -> "双方发生交通事故，对赔偿金额存在分歧，交警部门转来调解。";
            case "PROPERTY_MANAGEMENT" -> "业主与物业公司就物业费及公共维修问题发生纠纷。";
            case "CONSUMER" -> "消费者购买的商品存在质量问题，与商家协商退换未果。";
            case "MEDICAL" -> "患者家属对诊疗结果有异议，与医院协商赔偿未果。";
            default -> "双方就相关权益发生争议，申请人民调解。";
        };
    }

    private static MediationRows.Party person(UUID dispute, String role, SplittableRandom random, DemoOptions options, Instant at) {
        return new MediationRows.Party(seededId(random, at.toEpochMilli()), dispute, role, "PERSON", SyntheticPeople.name(random),
                SyntheticPeople.residentId(random, options.today()), SyntheticPeople.mobile(random),
                "广州市白云区" + ROADS[random.nextInt(ROADS.length)] + (1 + random.nextInt(300)) + "号", options.officeCode(),
                at.toEpochMilli() << 16);
    }

    private static MediationRows.Party organisation(UUID dispute, SplittableRandom random, DemoOptions options, Instant at) {
        String[] kinds = {"建筑劳务有限公司", "物业管理有限公司", "商贸有限公司", "餐饮管理有限公司", "医疗门诊部"};
        String name = "广州市" + SyntheticPeople.name(random).substring(1) + kinds[random.nextInt(kinds.length)];
        StringBuilder first17 = new StringBuilder("91440111");
        while (first17.length() < 17) {
            first17.append("0123456789ABCDEFGHJKLMNPQRTUWXY".charAt(random.nextInt(31)));
        }
        String code = first17 + String.valueOf(CreditCode.checkCharacter(first17.toString()));
        return new MediationRows.Party(seededId(random, at.toEpochMilli()), dispute, "RESPONDENT", "ORGANISATION", name, code,
                "020-" + (30_000_000 + random.nextInt(60_000_000)), "广州市白云区" + ROADS[random.nextInt(ROADS.length)]
                + (1 + random.nextInt(300)) + "号", options.officeCode(), at.toEpochMilli() << 16);
    }
}
