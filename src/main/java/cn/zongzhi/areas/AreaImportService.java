package cn.zongzhi.areas;

import cn.zongzhi.common.Progress;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jooq.DSLContext;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Imports administrative divisions from the china-division CSV files (provinces, cities, areas, streets,
 * villages; the level follows from the header) or from a canonical {@code code,name,parent_code,level} CSV.
 * Valid rows are written in batches; each invalid row is listed with its line number and reason.
 * Importing the same file twice updates and duplicates nothing.
 */
public final class AreaImportService {
    private static final int BATCH = 2_000;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final int MAX_NAME = 200;

    private final DSLContext dsl;

    public AreaImportService(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The recognised layouts, by their header line. */
    enum Layout {
        PROVINCES(AreaLevel.PROVINCE, null, "code", "name"),
        CITIES(AreaLevel.CITY, "provinceCode", "code", "name", "provinceCode"),
        AREAS(AreaLevel.DISTRICT, "cityCode", "code", "name", "cityCode", "provinceCode"),
        STREETS(AreaLevel.TOWN, "areaCode", "code", "name", "areaCode", "provinceCode", "cityCode"),
        VILLAGES(AreaLevel.COMMUNITY, "streetCode", "code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"),
        CANONICAL(null, "parent_code", "code", "name", "parent_code", "level");

        final AreaLevel level;
        final String parentColumn;
        final List<String> header;

        Layout(AreaLevel level, String parentColumn, String... header) {
            this.level = level;
            this.parentColumn = parentColumn;
            this.header = List.of(header);
        }

        static Layout of(List<String> header) {
            for (Layout layout : values()) {
                if (layout.header.equals(header)) {
                    return layout;
                }
            }
            throw new AreaImportException("unrecognised header " + header + "; expected one of: "
                    + "code,name (provinces) | code,name,provinceCode (cities) | code,name,cityCode,provinceCode (areas) | "
                    + "code,name,areaCode,provinceCode,cityCode (streets) | code,name,streetCode,provinceCode,cityCode,areaCode (villages) | "
                    + "code,name,parent_code,level (canonical)");
        }
    }

    public AreaImportSummary importFile(Path file, Progress progress) {
        if (!Files.isRegularFile(file)) {
            throw new AreaImportException("no such file: " + file);
        }
        try (InputStream raw = open(file);
             Reader reader = new InputStreamReader(raw, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = csv.getHeaderNames().stream().map(name -> name.replace("\uFEFF", "")).toList();
            Layout layout = Layout.of(header);
            return importRows(csv, layout, progress);
        } catch (CharacterCodingException e) {
            throw new AreaImportException(file.getFileName() + " is not UTF-8 text; save it as UTF-8 and import again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new AreaImportException(file.getFileName() + " is not UTF-8 text; save it as UTF-8 and import again");
            }
            throw e;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    private AreaImportSummary importRows(CSVParser csv, Layout layout, Progress progress) {
        AreaRepository areas = new AreaRepository(dsl);
        List<AreaImportSummary.Reject> rejects = new ArrayList<>();
        Map<String, Row> pending = new LinkedHashMap<>();
        Set<String> seenInFile = new HashSet<>();
        int read = 0;
        int inserted = 0;
        int updated = 0;
        for (CSVRecord record : csv) {
            read++;
            long line = record.getParser().getCurrentLineNumber();
            try {
                AdminArea area = parse(record, layout);
                if (!seenInFile.add(area.code())) {
                    throw new AreaImportException("code " + area.code() + " appears twice in the file");
                }
                pending.put(area.code(), new Row(area, line));
            } catch (AreaImportException invalid) {
                rejects.add(new AreaImportSummary.Reject(line, record.get(0), invalid.getMessage()));
            }
            if (pending.size() >= BATCH) {
                int[] counts = flush(areas, pending, rejects, csv);
                inserted += counts[0];
                updated += counts[1];
                progress.step(read, -1, "areas");
                progress.checkCancelled();
            }
        }
        int[] counts = flush(areas, pending, rejects, csv);
        inserted += counts[0];
        updated += counts[1];
        progress.step(read, read, "areas");
        rejects.sort(java.util.Comparator.comparingLong(AreaImportSummary.Reject::line));
        return new AreaImportSummary(read, inserted, updated, List.copyOf(rejects));
    }

    /** Writes a batch whose parents exist (in the database or earlier in this batch); rejects the rest. */
    private int[] flush(AreaRepository areas, Map<String, Row> pending, List<AreaImportSummary.Reject> rejects,
                        CSVParser csv) {
        if (pending.isEmpty()) {
            return new int[] {0, 0};
        }
        Set<String> parents = new HashSet<>();
        pending.values().stream().map(row -> row.area().parentCode()).filter(java.util.Objects::nonNull).forEach(parents::add);
        Set<String> known = parents.isEmpty() ? new HashSet<>() : new HashSet<>(areas.existingCodes(parents));
        Set<String> existing = areas.existingCodes(pending.keySet());
        // Parents before children, so a canonical file may list them in any order within a batch.
        List<Row> ordered = new ArrayList<>(pending.values());
        ordered.sort(java.util.Comparator.comparingInt(row -> row.area().level().ordinal()));
        List<AdminArea> accepted = new ArrayList<>();
        for (Row row : ordered) {
            AdminArea area = row.area();
            if (area.parentCode() != null && !known.contains(area.parentCode())) {
                rejects.add(new AreaImportSummary.Reject(row.line(), area.code(), "parent " + significant(area.parentCode(), area.level().parent())
                        + " not found; import the " + area.level().parent().name().toLowerCase(Locale.ROOT)
                        + " level first"));
                continue;
            }
            accepted.add(area);
            known.add(area.code());
        }
        dsl.transaction(configuration -> new AreaRepository(configuration.dsl()).upsert(accepted));
        pending.clear();
        int updatedCount = (int) accepted.stream().filter(area -> existing.contains(area.code())).count();
        return new int[] {accepted.size() - updatedCount, updatedCount};
    }

    private static String significant(String code, AreaLevel level) {
        return code.substring(0, level.digits());
    }

    private record Row(AdminArea area, long line) {
    }

    private static AdminArea parse(CSVRecord record, Layout layout) {
        if (!record.isConsistent()) {
            throw new AreaImportException("expected " + layout.header.size() + " columns, found " + record.size());
        }
        String code = record.get("code");
        String name = record.get("name");
        AreaLevel level = layout.level;
        if (layout == Layout.CANONICAL) {
            try {
                level = AreaLevel.valueOf(record.get("level").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new AreaImportException("level '" + record.get("level") + "' is not one of PROVINCE, CITY, DISTRICT, TOWN, COMMUNITY");
            }
        }
        if (!DIGITS.matcher(code).matches()) {
            throw new AreaImportException("code '" + code + "' is not all digits");
        }
        boolean exact = code.length() == level.digits();
        boolean padded = code.length() == 12 && code.substring(level.digits()).chars().allMatch(c -> c == '0');
        if (!exact && !padded) {
            throw new AreaImportException("code " + code + " has " + code.length() + " digits; a " + level.name().toLowerCase(Locale.ROOT)
                    + " code has " + level.digits());
        }
        if (name.isEmpty()) {
            throw new AreaImportException("name is empty");
        }
        if (name.length() > MAX_NAME) {
            throw new AreaImportException("name is longer than " + MAX_NAME + " characters");
        }
        String parent = null;
        if (layout.parentColumn != null) {
            String parentText = record.get(layout.parentColumn);
            if (level.parent() != null && parentText.isEmpty()) {
                throw new AreaImportException("parent code is missing");
            }
            if (!parentText.isEmpty()) {
                if (!DIGITS.matcher(parentText).matches()) {
                    throw new AreaImportException("parent code '" + parentText + "' is not all digits");
                }
                parent = AdminArea.padded(parentText);
                String full = AdminArea.padded(code);
                AreaLevel parentLevel = level.parent();
                if (parentLevel != null && !full.startsWith(parent.substring(0, parentLevel.digits()))) {
                    throw new AreaImportException("code " + code + " does not lie under its parent " + parentText);
                }
                if (full.equals(parent)) {
                    // 不设区的地级市 (Dongguan 4419, Zhongshan 4420, …) appear again one level down under the same code.
                    throw new AreaImportException("same code as its parent " + parentText
                            + " (an area without a lower level of its own); the parent's record is kept");
                }
            }
        }
        return new AdminArea(AdminArea.padded(code), name, level, parent);
    }
}
