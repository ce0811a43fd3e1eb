package cn.zongzhi.demo;

import java.time.LocalDate;

/** How big a demo district to make, from which seed, ending on which day. Same options, same data. */
public record DemoOptions(long seed, int incidents, int disputes, LocalDate today, String officeCode) {
    public static final long DEFAULT_SEED = 20_261_123L;

    public DemoOptions {
        if (incidents < 0 || incidents > 5_000_000) {
            throw new IllegalArgumentException("incidents must be between 0 and 5,000,000");
        }
        if (disputes < 0 || disputes > 1_000_000) {
            throw new IllegalArgumentException("disputes must be between 0 and 1,000,000");
        }
    }

    public static DemoOptions defaults(LocalDate today) {
        return new DemoOptions(DEFAULT_SEED, 20_000, 500, today, "440111-DEMO");
    }

    public DemoOptions withIncidents(int value) {
        return new DemoOptions(seed, value, disputes, today, officeCode);
    }

    public DemoOptions withDisputes(int value) {
        return new DemoOptions(seed, incidents, value, today, officeCode);
    }

    public DemoOptions withSeed(long value) {
        return new DemoOptions(value, incidents, disputes, today, officeCode);
    }

    public DemoOptions withOfficeCode(String value) {
        return new DemoOptions(seed, incidents, disputes, today, value);
    }
}
