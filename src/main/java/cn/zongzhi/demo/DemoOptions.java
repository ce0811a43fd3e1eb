package cn.zongzhi.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * How big a demo district to make, from which seed, as seen at which moment. The same options give the
 * same data: the moment is part of them, so a test fixes it and the console passes the present.
 */
public record DemoOptions(long seed, int incidents, int disputes, Instant now, String officeCode) {
    public static final long DEFAULT_SEED = 20_261_123L;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public DemoOptions {
        if (incidents < 0 || incidents > 5_000_000) {
            throw new IllegalArgumentException("incidents must be between 0 and 5,000,000");
        }
        if (disputes < 0 || disputes > 1_000_000) {
            throw new IllegalArgumentException("disputes must be between 0 and 1,000,000");
        }
    }

    public static DemoOptions defaults(Instant now) {
        return new DemoOptions(DEFAULT_SEED, 20_000, 500, now, "440111-DEMO");
    }

    /** The last day of the demo year, in the centre's time zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(now, ZONE);
    }

    public DemoOptions withIncidents(int value) {
        return new DemoOptions(seed, value, disputes, now, officeCode);
    }

    public DemoOptions withDisputes(int value) {
        return new DemoOptions(seed, incidents, value, now, officeCode);
    }

    public DemoOptions withSeed(long value) {
        return new DemoOptions(value, incidents, disputes, now, officeCode);
    }

    public DemoOptions withOfficeCode(String value) {
        return new DemoOptions(seed, incidents, disputes, now, value);
    }
}
