package cn.zongzhi.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The figures as one JSON object: the scope, then every figure under its name with value, numerator, denominator,
 * unit, formula and window. Rates are fractions (0.9875), moments ISO-8601 in office time.
 */
public final class KpiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KpiJson() {
    }

    public static ObjectNode tree(KpiSet set) {
        KpiScope scope = set.scope();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("from", scope.from().toString());
        root.put("to", scope.to().toString());
        root.put("zone", scope.zone().getId());
        if (scope.areaCodePrefix() == null) {
            root.putNull("area");
        } else {
            ObjectNode area = root.putObject("area");
            area.put("code", scope.areaCodePrefix());
            area.put("name", set.areaName());
        }
        root.put("asOf", moment(scope.asOf(), scope.zone()));
        root.put("computedAt", moment(scope.now(), scope.zone()));
        ObjectNode kpis = root.putObject("kpis");
        for (KpiFigure figure : set.figures()) {
            ObjectNode node = kpis.putObject(figure.kpi().key());
            node.put("name", figure.kpi().key());
            node.put("label", figure.label());
            node.put("value", figure.value());
            node.put("unit", figure.kpi().unit().name().toLowerCase(Locale.ROOT));
            node.put("numerator", figure.numerator());
            node.put("denominator", figure.denominator());
            node.put("formula", figure.formula());
            ObjectNode window = node.putObject("window");
            window.put("from", figure.from().toString());
            window.put("to", figure.to().toString());
            window.put("asOf", moment(figure.asOf(), scope.zone()));
        }
        return root;
    }

    public static String text(KpiSet set) {
        try {
            return MAPPER.writeValueAsString(tree(set));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static String moment(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }
}
