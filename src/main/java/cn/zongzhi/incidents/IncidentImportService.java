package cn.zongzhi.incidents;

import cn.zongzhi.common.Ids;
import cn.zongzhi.common.Progress;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jooq.DSLContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Imports incidents from a CSV export: the canonical header (English or Chinese), or any other system's
 * columns through a mapping file. Valid rows are written in batches; each invalid row is listed with its line
 * number and reason. Rows are keyed by their external id, so importing the same file twice adds nothing.
 */
public final class IncidentImportService {
    static final List<String> CANONICAL = List.of("external_id", "channel", "category_code", "title", "description",
            "address", "longitude", "latitude", "reported_at", "reporter_name", "reporter_phone", "status", "department",
            "due_at", "closed_at");
    static final List<String> CHINESE = List.of("工单编号", "来源渠道", "事件类别", "标题", "内容", "地址", "经度", "纬度",
            "上报时间", "反映人", "联系电话", "状态", "承办单位", "办理时限", "办结时间");
    /** The progress message while the indexes dropped for a bulk import are built again. */
    public static final String BUILDING_INDEXES = "indexes";
    private static final int BATCH = 2_000;
    private static final long BYTES_PER_ROW_ESTIMATE = 200;
    private static final long BULK_ROWS = 20_000;
    private static final ZoneId OFFICE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final int MAX_TITLE = 300;
    private static final int MAX_TEXT = 20_000;

    private final DSLContext dsl;
    private final BiFunction<Double, Double, IncidentService.Location> locator;
    private final String officeCode;
    private final String caseNumberPrefix;

    public IncidentImportService(DSLContext dsl, BiFunction<Double, Double, IncidentService.Location> locator,
                                 String officeCode, String caseNumberPrefix) {
        this.dsl = dsl;
        this.locator = locator;
        this.officeCode = officeCode;
        this.caseNumberPrefix = caseNumberPrefix;
    }

    public IncidentImportSummary importFile(Path file, ImportMapping mapping, Progress progress) {
        if (!Files.isRegularFile(file)) {
            throw new IncidentImportException("no such file: " + file);
        }
        Rules rules = new Rules(mapping);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                     .setAllowMissingColumnNames(true).get().parse(withoutByteOrderMark(reader))) {
            Map<String, String> sourceOf = rules.resolveColumns(csv.getHeaderNames());
            return importRows(csv, sourceOf, rules, file.getFileName().toString(), progress);
        } catch (CharacterCodingException e) {
            throw new IncidentImportException(file.getFileName() + " is not UTF-8 text; save it as UTF-8 and import again");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new IncidentImportException(file.getFileName() + " is not UTF-8 text; save it as UTF-8 and import again");
            }
            if (e.getCause() instanceof org.apache.commons.csv.CSVException broken) {
                // Commons CSV says where (line and position), never what: the message carries no row content.
                throw new IncidentImportException(file.getFileName() + " is not well-formed CSV (" + broken.getMessage()
                        + "); fix it and import again: rows already imported stay, and a second import adds only the rest");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The same import with the incident tables' non-unique indexes dropped during it and built once at the end: for
     * a large file, where maintaining every index row by row is most of the cost. Unique indexes stay, so duplicates
     * are still refused. Reads by others meanwhile see the rows without those indexes (slower, still correct); the
     * console's writes wait on its one writer thread, which runs the import (decision 0013).
     */
    public IncidentImportSummary importFileInBulk(Path file, ImportMapping mapping, Progress progress) {
        try (var deferred = new IncidentRepository(dsl).deferIndexes()) {
            IncidentImportSummary summary = importFile(file, mapping, progress);
            // Building the indexes takes a while on a large table (46 s after 100,000 rows on a busy machine) and
            // cannot be cancelled: say so rather than sit at 100 %.
            progress.step(summary.read(), -1, BUILDING_INDEXES);
            return summary;
        }
    }

    /**
     * Imports the file the cheaper of the two ways: with the indexes built at the end ({@link #importFileInBulk}) when
     * the file is large and at least as large as the incident table, since building an index once costs less than
     * keeping it up to date row by row only when the rows being added are a good part of the table; otherwise row by
     * row with the indexes kept ({@link #importFile}). Both write the same rows (IncidentImportPathsTest).
     */
    public IncidentImportSummary importFileChoosingWay(Path file, ImportMapping mapping, Progress progress) {
        if (!Files.isRegularFile(file)) {
            throw new IncidentImportException("no such file: " + file);
        }
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return worthBuildingIndexesAtTheEnd(fileBytes, new IncidentRepository(dsl).count())
                ? importFileInBulk(file, mapping, progress)
                : importFile(file, mapping, progress);
    }

    /** Exports run 150–400 bytes a row (the 311 samples, the canonical export); the low end errs toward the bulk way. */
    static boolean worthBuildingIndexesAtTheEnd(long fileBytes, int incidentsPresent) {
        long estimatedRows = fileBytes / BYTES_PER_ROW_ESTIMATE;
        return estimatedRows >= BULK_ROWS && estimatedRows >= incidentsPresent;
    }

    /** Lists the rejected rows beside the input as {@code FILE.rejects.csv} (line, reason); returns that file. */
    public static Path writeRejects(Path input, List<IncidentImportSummary.Reject> rejects) {
        return cn.zongzhi.common.RejectsFile.write(input, List.of("line", "reason"),
                rejects.stream().map(reject -> List.<Object>of(reject.line(), reject.reason())).toList());
    }

    /** Excel and Windows tools start UTF-8 files with a byte order mark; it is not part of the first column's name. */
    private static BufferedReader withoutByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private IncidentImportSummary importRows(CSVParser csv, Map<String, String> sourceOf, Rules rules, String source,
                                             Progress progress) {
        CatalogueRepository catalogue = new CatalogueRepository(dsl);
        Set<String> categories = catalogue.categoryCodes();
        Map<String, String> departmentCodes = new HashMap<>();
        catalogue.departments().forEach(department -> {
            departmentCodes.put(department.code(), department.code());
            departmentCodes.put(department.name(), department.code());
        });
        Map<LocalDate, Integer> sequences = new HashMap<>();
        List<IncidentImportSummary.Reject> rejects = new ArrayList<>();
        Map<String, Pending> batch = new LinkedHashMap<>();
        int read = 0;
        int imported = 0;
        int present = 0;
        for (CSVRecord record : csv) {
            read++;
            long line = record.getParser().getCurrentLineNumber();
            try {
                Row row = rules.row(record, sourceOf, categories);
                if (batch.containsKey(row.externalId())) {
                    throw new IncidentImportException("external id " + row.externalId() + " appears twice in the file");
                }
                batch.put(row.externalId(), new Pending(row, line));
            } catch (IncidentImportException invalid) {
                rejects.add(new IncidentImportSummary.Reject(line, invalid.getMessage()));
            }
            if (batch.size() >= BATCH) {
                int[] counts = flush(batch, departmentCodes, sequences, source);
                imported += counts[0];
                present += counts[1];
                progress.step(read, -1, "incidents");
                progress.checkCancelled();
            }
        }
        int[] counts = flush(batch, departmentCodes, sequences, source);
        imported += counts[0];
        present += counts[1];
        progress.step(read, read, "incidents");
        return new IncidentImportSummary(read, imported, present, List.copyOf(rejects));
    }

    /** Writes one batch in one transaction; rows already imported (same external id) are skipped. */
    private int[] flush(Map<String, Pending> batch, Map<String, String> departmentCodes, Map<LocalDate, Integer> sequences,
                        String source) {
        if (batch.isEmpty()) {
            return new int[] {0, 0};
        }
        List<Pending> rows = new ArrayList<>(batch.values());
        batch.clear();
        return dsl.transactionResult(configuration -> {
            IncidentRepository incidents = new IncidentRepository(configuration.dsl());
            CatalogueRepository catalogue = new CatalogueRepository(configuration.dsl());
            Set<String> existing = incidents.existingExternalIds(rows.stream().map(pending -> pending.row().externalId()).toList());
            List<BulkIncident> fresh = new ArrayList<>();
            List<CatalogueRepository.Department> newDepartments = new ArrayList<>();
            Map<LocalDate, Integer> touched = new HashMap<>();
            Set<LocalDate> unseenDays = new java.util.HashSet<>();
            for (Pending pending : rows) {
                LocalDate day = LocalDate.ofInstant(pending.row().reportedAt(), OFFICE_ZONE);
                if (!sequences.containsKey(day) && !existing.contains(pending.row().externalId())) {
                    unseenDays.add(day);
                }
            }
            sequences.putAll(incidents.highestCaseSequences(caseNumberPrefix, unseenDays));
            for (Pending pending : rows) {
                Row row = pending.row();
                if (existing.contains(row.externalId())) {
                    continue;
                }
                String department = null;
                if (row.department() != null) {
                    department = departmentCodes.get(row.department());
                    if (department == null) {
                        // Another system's department: kept by name so nothing is lost; the city can merge it later.
                        department = "IMP-" + shortHash(row.department());
                        newDepartments.add(new CatalogueRepository.Department(department, row.department(), null, null));
                        departmentCodes.put(row.department(), department);
                    }
                }
                LocalDate day = LocalDate.ofInstant(row.reportedAt(), OFFICE_ZONE);
                int sequence = sequences.get(day) + 1;
                sequences.put(day, sequence);
                touched.put(day, sequence);
                String caseNo = caseNumberPrefix + day.toString().replace("-", "") + "-" + String.format("%06d", sequence);
                IncidentService.Location location = row.longitude() == null ? IncidentService.Location.UNKNOWN
                        : locator.apply(row.longitude(), row.latitude());
                long hlc = row.reportedAt().toEpochMilli() << 16;
                List<IncidentEvent> events = new ArrayList<>();
                events.add(new IncidentEvent(Ids.newId(), IncidentAction.REPORT, null, IncidentStatus.REPORTED, null, null,
                        "channel=" + row.channel().name(), row.reportedAt()));
                if (row.status() != IncidentStatus.REPORTED) {
                    Instant when = row.closedAt() != null ? row.closedAt() : row.reportedAt();
                    events.add(new IncidentEvent(Ids.newId(), IncidentAction.IMPORT, IncidentStatus.REPORTED, row.status(),
                            null, department, "imported from " + source + " line " + pending.line() + "; source status '"
                            + row.sourceStatus() + "'", when));
                }
                fresh.add(new BulkIncident(Ids.newId(), caseNo, row.externalId(), row.channel(), row.categoryCode(),
                        row.title(), row.description(), row.address(), row.longitude(), row.latitude(), location.areaCode(),
                        location.gridId(), null, row.reporterName(), row.reporterPhone(), row.status(), department,
                        row.reportedAt(), null, null, row.dueAt(), row.status() == IncidentStatus.CLOSED ? row.closedAt() : null,
                        row.status().isFinal() ? row.closedAt() : null, null, 0, null, false, officeCode, hlc, events));
            }
            if (!newDepartments.isEmpty()) {
                catalogue.upsertDepartments(newDepartments);
            }
            incidents.insertAll(fresh);
            incidents.saveCaseSequences(caseNumberPrefix, touched);
            return new int[] {fresh.size(), rows.size() - fresh.size()};
        });
    }

    private static String shortHash(String text) {
        return HexFormat.of().formatHex(sha1(text)).substring(0, 12).toUpperCase(Locale.ROOT);
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    private record Pending(Row row, long line) {
    }

    /** One source row, checked and converted. */
    record Row(String externalId, Channel channel, String categoryCode, String title, String description, String address,
               Double longitude, Double latitude, Instant reportedAt, String reporterName, String reporterPhone,
               IncidentStatus status, String sourceStatus, String department, Instant dueAt, Instant closedAt) {
    }

    /** The mapping, with the canonical defaults filled in. */
    static final class Rules {
        private final ImportMapping mapping;
        private final List<DateTimeFormatter> formats = new ArrayList<>();
        private final ZoneId zone;
        private final Map<String, IncidentStatus> statusWords = new HashMap<>();
        private final Map<String, Channel> channelWords = new HashMap<>();

        Rules(ImportMapping mapping) {
            this.mapping = mapping;
            for (String pattern : mapping.dateFormats()) {
                try {
                    formats.add(formatter(pattern, Locale.ENGLISH));
                } catch (IllegalArgumentException e) {
                    throw new IncidentImportException("date format '" + pattern + "' in the mapping is not valid: " + e.getMessage());
                }
            }
            for (String pattern : List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm",
                    "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "yyyy/MM/dd")) {
                formats.add(formatter(pattern, Locale.ROOT));
            }
            try {
                zone = ZoneId.of(mapping.zone() == null ? "Asia/Shanghai" : mapping.zone());
            } catch (RuntimeException e) {
                throw new IncidentImportException("zone '" + mapping.zone() + "' in the mapping is not a time zone");
            }
            String[] chineseStatus = {"待受理", "已立案", "不予立案", "已合并", "已派遣", "处置中", "挂账", "已办结", "已核查", "已结案"};
            for (IncidentStatus status : IncidentStatus.values()) {
                statusWords.put(status.name().toLowerCase(Locale.ROOT), status);
                statusWords.put(chineseStatus[status.ordinal()], status);
            }
            String[] chineseChannel = {"网格员APP", "12345热线", "110非警务", "数字城管", "来访", "微信", "领导信箱", "其他"};
            for (Channel channel : Channel.values()) {
                channelWords.put(channel.name().toLowerCase(Locale.ROOT), channel);
                channelWords.put(chineseChannel[channel.ordinal()].toLowerCase(Locale.ROOT), channel);
            }
        }

        /** A date-only pattern means midnight; a pattern with a time (24 h or AM/PM) is read as written. */
        private static DateTimeFormatter formatter(String pattern, Locale locale) {
            DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern);
            if (pattern.replaceAll("'[^']*'", "").chars().noneMatch(c -> c == 'H' || c == 'h' || c == 'k' || c == 'K')) {
                builder.parseDefaulting(ChronoField.HOUR_OF_DAY, 0);
            }
            return builder.toFormatter(locale);
        }

        /** Which source column feeds each canonical field; the header must be canonical, Chinese, or mapped. */
        Map<String, String> resolveColumns(List<String> header) {
            Map<String, String> sourceOf = new HashMap<>();
            for (int i = 0; i < CANONICAL.size(); i++) {
                String field = CANONICAL.get(i);
                String mapped = mapping.columns().get(field);
                if (mapped != null) {
                    if (!header.contains(mapped)) {
                        throw new IncidentImportException("the mapping names column '" + mapped + "' for " + field
                                + ", but the file has no such column");
                    }
                    sourceOf.put(field, mapped);
                } else if (header.contains(field)) {
                    sourceOf.put(field, field);
                } else if (header.contains(CHINESE.get(i))) {
                    sourceOf.put(field, CHINESE.get(i));
                }
            }
            for (String unknown : mapping.columns().keySet()) {
                if (!CANONICAL.contains(unknown)) {
                    throw new IncidentImportException("the mapping names an unknown field '" + unknown + "'; fields are " + CANONICAL);
                }
            }
            if (mapping.point() != null && !header.contains(mapping.point().column())) {
                throw new IncidentImportException("the mapping's point column '" + mapping.point().column() + "' is not in the file");
            }
            if (!sourceOf.containsKey("reported_at")) {
                throw new IncidentImportException("no reported_at (上报时间) column; expected the canonical header "
                        + String.join(",", CANONICAL) + " or its Chinese equivalent, or a --mapping file");
            }
            return sourceOf;
        }

        Row row(CSVRecord record, Map<String, String> sourceOf, Set<String> categories) {
            Map<String, String> value = new HashMap<>();
            sourceOf.forEach((field, column) -> {
                String text = record.isSet(column) ? record.get(column).trim() : "";
                value.put(field, text.isEmpty() ? mapping.defaults().getOrDefault(field, "") : text);
            });
            mapping.defaults().forEach(value::putIfAbsent);
            Instant reported = date(value.get("reported_at"), "reported_at", true);
            String sourceStatus = value.getOrDefault("status", "");
            IncidentStatus status = sourceStatus.isEmpty() ? IncidentStatus.REPORTED : status(sourceStatus);
            Channel channel = channel(value.getOrDefault("channel", ""));
            String category = category(value.getOrDefault("category_code", ""), categories);
            Double longitude = number(value.get("longitude"), "longitude");
            Double latitude = number(value.get("latitude"), "latitude");
            if (mapping.point() != null && record.isSet(mapping.point().column())) {
                double[] point = point(record.get(mapping.point().column()));
                if (point != null) {
                    boolean latFirst = !"lon,lat".equalsIgnoreCase(mapping.point().order());
                    latitude = latFirst ? point[0] : point[1];
                    longitude = latFirst ? point[1] : point[0];
                }
            }
            if ((longitude == null) != (latitude == null)) {
                throw new IncidentImportException("longitude and latitude must both be given or both be empty");
            }
            if (longitude != null && (Math.abs(longitude) > 180 || Math.abs(latitude) > 90)) {
                throw new IncidentImportException("coordinates " + longitude + "," + latitude + " are out of range");
            }
            String title = value.getOrDefault("title", "");
            if (title.isEmpty()) {
                title = value.getOrDefault("description", "");
            }
            if (title.isEmpty()) {
                throw new IncidentImportException("title is empty (and so is the description)");
            }
            if (title.length() > MAX_TITLE) {
                title = title.substring(0, MAX_TITLE);
            }
            String description = value.getOrDefault("description", "");
            if (description.length() > MAX_TEXT) {
                throw new IncidentImportException("description is longer than " + MAX_TEXT + " characters");
            }
            String externalId = value.getOrDefault("external_id", "");
            if (externalId.isEmpty()) {
                // No id in the source: the row's own content stands in, so a second import still finds it.
                externalId = "row:" + HexFormat.of().formatHex(sha1(String.join("\u001f", record.values()))).substring(0, 32);
            }
            if (externalId.length() > 64) {
                throw new IncidentImportException("external id is longer than 64 characters");
            }
            Instant closed = date(value.get("closed_at"), "closed_at", false);
            if (closed != null && closed.isBefore(reported)) {
                throw new IncidentImportException("closed_at " + value.get("closed_at") + " is before reported_at " + value.get("reported_at"));
            }
            return new Row(externalId, channel, category, title, emptyToNull(description), limit(value.get("address"), 500),
                    longitude, latitude, reported, limit(value.get("reporter_name"), 100), limit(value.get("reporter_phone"), 32),
                    status, sourceStatus, limit(value.get("department"), 200), date(value.get("due_at"), "due_at", false), closed);
        }

        private IncidentStatus status(String word) {
            String mapped = mapping.values().getOrDefault("status", Map.of()).get(word);
            String key = (mapped != null ? mapped : word).toLowerCase(Locale.ROOT);
            IncidentStatus status = statusWords.get(key);
            if (status == null) {
                throw new IncidentImportException("status '" + word + "' is not known; map it under values.status in the mapping file");
            }
            return status;
        }

        private Channel channel(String word) {
            Map<String, String> map = mapping.values().getOrDefault("channel", Map.of());
            String mapped = map.getOrDefault(word, word.isEmpty() ? "OTHER" : map.get("*"));
            String key = (mapped != null ? mapped : word).toLowerCase(Locale.ROOT);
            Channel channel = channelWords.get(key);
            if (channel == null) {
                throw new IncidentImportException("channel '" + word + "' is not known; map it under values.channel in the mapping file");
            }
            return channel;
        }

        private String category(String word, Set<String> categories) {
            if (word.isEmpty()) {
                return null;
            }
            String mapped = mapping.values().getOrDefault("category_code", Map.of()).get(word);
            String code = mapped != null ? mapped : word;
            // A category the catalogue does not know is left empty for the operator to classify, not guessed.
            return categories.contains(code) ? code : null;
        }

        private Instant date(String text, String field, boolean required) {
            if (text == null || text.isEmpty()) {
                if (required) {
                    throw new IncidentImportException(field + " is empty");
                }
                return null;
            }
            for (DateTimeFormatter format : formats) {
                try {
                    return LocalDateTime.parse(text, format).atZone(zone).toInstant();
                } catch (DateTimeParseException ignored) {
                    // try the next format
                }
            }
            throw new IncidentImportException(field + " '" + text + "' is not a date-time in any known format");
        }

        private static Double number(String text, String field) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            try {
                return Double.valueOf(text.replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IncidentImportException(field + " '" + text + "' is not a number");
            }
        }

        private static double[] point(String text) {
            String cleaned = text.replace("(", "").replace(")", "").trim();
            if (cleaned.isEmpty()) {
                return null;
            }
            String[] parts = cleaned.split("\\s*,\\s*");
            if (parts.length != 2) {
                throw new IncidentImportException("point '" + text + "' is not two numbers");
            }
            try {
                return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
            } catch (NumberFormatException e) {
                throw new IncidentImportException("point '" + text + "' is not two numbers");
            }
        }

        private static String limit(String text, int max) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            return text.length() > max ? text.substring(0, max) : text;
        }

        private static String emptyToNull(String text) {
            return text == null || text.isEmpty() ? null : text;
        }
    }
}
