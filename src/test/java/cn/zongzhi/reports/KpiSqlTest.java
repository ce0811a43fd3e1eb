package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.incidents.IncidentFilter;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures' SQL renders for PostgreSQL (the city server's database) with standard functions only: no H2
 * date formatting or arithmetic, office days from EXTRACT(EPOCH …).
 */
class KpiSqlTest {
    @Test
    void theFiguresQueriesUseNoH2OnlyFunctions() {
        KpiScope scope = new KpiScope(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), "440111004",
                KpiFixture.ZONE, KpiFixture.NOW);
        List<String> statements = new ArrayList<>();
        KpiRepository postgres = new KpiRepository(DSL.using(SQLDialect.POSTGRES));
        for (Kpi kpi : Kpi.values()) {
            if (!kpi.aboutDisputes()) {
                var cases = (CasesBehind.Incidents) KpiDefinitions.casesBehind(kpi, scope);
                List<IncidentFilter> filters = new ArrayList<>();
                filters.add(cases.counted());
                if (cases.outOf() != null) {
                    filters.add(cases.outOf());
                }
                statements.addAll(postgres.countsSql(KpiDefinitions.cohort(kpi, scope), filters));
            }
        }
        for (String sql : statements) {
            assertThat(sql.toLowerCase(Locale.ROOT))
                    .doesNotContain("formatdatetime", "dateadd", "datediff", "parsedatetime", "timestampadd");
        }
        assertThat(statements).anySatisfy(sql -> assertThat(sql.toLowerCase(Locale.ROOT))
                .contains("timestamp with time zone '2026-09-30 16:00:00+00:00'"));
        assertThat(statements).anySatisfy(sql -> assertThat(sql.toLowerCase(Locale.ROOT)).contains("count(*) filter (where"));
    }
}
