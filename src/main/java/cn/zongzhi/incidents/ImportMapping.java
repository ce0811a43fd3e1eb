package cn.zongzhi.incidents;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How another system's export maps onto our incident fields: which column feeds which field, how its
 * dates are written and in which zone, and what its status, channel and category words mean here.
 * A JSON file, for example:
 * <pre>{"columns": {"external_id": "CaseID", "reported_at": "Opened"}, "dateFormats": ["MM/dd/yyyy hh:mm:ss a"],
 *  "zone": "America/Los_Angeles", "values": {"status": {"Open": "ACCEPTED"}}, "point": {"column": "Point", "order": "lat,lon"}}</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ImportMapping(Map<String, String> columns, List<String> dateFormats, String zone,
                            Map<String, Map<String, String>> values, Map<String, String> defaults, Point point) {

    public record Point(String column, String order) {
    }

    public static ImportMapping read(Path file) {
        try {
            ImportMapping mapping = new ObjectMapper().readValue(file.toFile(), ImportMapping.class);
            return new ImportMapping(orEmpty(mapping.columns()), mapping.dateFormats() == null ? List.of() : mapping.dateFormats(),
                    mapping.zone(), mapping.values() == null ? Map.of() : mapping.values(), orEmpty(mapping.defaults()), mapping.point());
        } catch (IOException e) {
            throw new IncidentImportException("mapping file " + file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    public static ImportMapping none() {
        return new ImportMapping(Map.of(), List.of(), null, Map.of(), Map.of(), null);
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
