package cn.zongzhi.reports;

import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures and the monthly report inline their values on their own copy of the settings, never on the console's shared ones. */
class KpiRepositorySettingsTest {

    @Test
    void theFiguresInlineTheirValuesWithoutTurningTheWholeConsoleOver() {
        var shared = DSL.using(SQLDialect.H2, new Settings());
        new KpiRepository(shared);
        new MonthlyReportRepository(shared);
        assertThat(shared.settings().getStatementType()).isEqualTo(StatementType.PREPARED_STATEMENT);
        assertThat(shared.render(shared.selectOne().where(DSL.field("status").eq("REPORTED")))).contains("?");
    }
}
