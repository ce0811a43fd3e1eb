package cn.zongzhi.reports;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class KpiScopeTest {
    private static String prefix(String code) {
        return new KpiScope(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), code, ZoneId.of("Asia/Shanghai"),
                Instant.parse("2026-11-23T00:00:00Z")).areaCodePrefix();
    }

    @Test
    void areaCodesAreCutByTheirStructureNotByTheirZeros() {
        assertThat(prefix("440100000000")).as("the city of Guangzhou").isEqualTo("4401");
        assertThat(prefix("440111000000")).isEqualTo("440111");
        assertThat(prefix("440111004000")).isEqualTo("440111004");
        assertThat(prefix("440111100000")).as("town 100 is not a prefix of town 101").isEqualTo("440111100");
        assertThat(prefix("440111004")).isEqualTo("440111004");
        assertThat(prefix(null)).isNull();
    }
}
