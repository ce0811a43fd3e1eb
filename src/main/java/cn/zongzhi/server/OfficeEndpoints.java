package cn.zongzhi.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The city administrator's office API (decision 0010): the city's enrolled console creates an office for a township
 * within the city's jurisdiction and receives its one-time enrollment code, issues another code for an office (a new
 * or reinstalled machine), and lists the offices with how many installations joined each. The very first office,
 * the city's own, is made on the server host (`zongzhi office add`). Every other office is refused (403).
 */
final class OfficeEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(OfficeEndpoints.class);

    private final ServerDatabase database;
    private final Enrollments enrollments;
    private final Function<Context, SyncService.Caller> authenticate;
    private final Clock clock;

    OfficeEndpoints(ServerDatabase database, Enrollments enrollments, Function<Context, SyncService.Caller> authenticate,
                    Clock clock) {
        this.database = database;
        this.enrollments = enrollments;
        this.authenticate = authenticate;
        this.clock = clock;
    }

    /** What the city's administrator sends to create an office. */
    public record NewOffice(String code, String name, String level, List<String> areas) {
    }

    void register(Javalin app) {
        app.get("/api/offices", ctx -> {
            SyncService.Caller city = cityAdministrator(ctx);
            List<Map<String, Object>> offices = new ServerRepository(database.dsl()).offices().stream()
                    .filter(office -> office.code().equals(city.officeCode()) || within(city, office.areas()))
                    .map(office -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("code", office.code());
                        row.put("name", office.name());
                        row.put("level", office.level());
                        row.put("areas", office.areas());
                        row.put("installations", office.installations());
                        row.put("lastSeen", office.lastSeen() == null ? null : office.lastSeen().toString());
                        return row;
                    }).toList();
            ctx.json(Map.of("offices", offices));
        });
        app.post("/api/offices", ctx -> {
            SyncService.Caller city = cityAdministrator(ctx);
            NewOffice office = ctx.bodyAsClass(NewOffice.class);
            List<String> areas = office.areas() == null ? List.of() : office.areas().stream().map(String::trim).toList();
            if (!areas.isEmpty() && !within(city, areas)) {
                throw new SyncRefused(403, "outside-jurisdiction", "an office's areas lie within the city's jurisdiction");
            }
            String code = refusedInWords(() -> enrollments.addOffice(office.code() == null ? null : office.code().trim(),
                    office.name(), office.level(), areas));
            LOG.info("office {} created by office {}", office.code(), city.officeCode());
            ctx.status(201).json(issued(office.code().trim(), code));
        });
        app.post("/api/offices/{code}/enrollment-code", ctx -> {
            SyncService.Caller city = cityAdministrator(ctx);
            String officeCode = ctx.pathParam("code");
            ServerRepository offices = new ServerRepository(database.dsl());
            if (!offices.officeExists(officeCode)) {
                throw new SyncRefused(404, "no-office", "no office " + officeCode);
            }
            if (!officeCode.equals(city.officeCode()) && !within(city, offices.areas(officeCode))) {
                throw new SyncRefused(403, "outside-jurisdiction", "the office lies outside the city's jurisdiction");
            }
            String code = refusedInWords(() -> enrollments.newCode(officeCode));
            LOG.info("enrollment code issued for office {} by office {}", officeCode, city.officeCode());
            ctx.status(201).json(issued(officeCode, code));
        });
    }

    private SyncService.Caller cityAdministrator(Context ctx) {
        SyncService.Caller caller = authenticate.apply(ctx);
        if (!caller.jurisdiction().isCity()) {
            throw new SyncRefused(403, "not-city", "only the city office creates offices and issues enrollment codes");
        }
        return caller;
    }

    private static boolean within(SyncService.Caller city, List<String> areas) {
        return !areas.isEmpty() && areas.stream().allMatch(area -> city.jurisdiction().covers(Jurisdiction.significantPrefix(area)));
    }

    private Map<String, Object> issued(String officeCode, String enrollmentCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("officeCode", officeCode);
        body.put("enrollmentCode", enrollmentCode);
        body.put("expiresAt", clock.instant().plus(Enrollments.CODE_LIFETIME).toString());
        return body;
    }

    /** Bad input is the client's (400), a taken code a conflict (409), an unknown office not found (404). */
    private static String refusedInWords(java.util.function.Supplier<String> action) {
        try {
            return action.get();
        } catch (Enrollments.Refused refused) {
            int status = switch (refused.reason()) {
                case "office-exists" -> 409;
                case "no-office" -> 404;
                default -> 400;
            };
            throw new SyncRefused(status, refused.reason(), refused.getMessage());
        }
    }
}
