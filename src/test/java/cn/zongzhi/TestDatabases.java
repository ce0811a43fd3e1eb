package cn.zongzhi;

import cn.zongzhi.db.Database;

import java.nio.file.Path;

/** A real H2 file database under a test's temporary folder, migrated like a user's. */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static Database fresh(Path folder) {
        return Database.open(folder.resolve("zongzhi-test"));
    }

    /**
     * The least reference data an incident needs: one community, the department 区城管局 (CG) and the category
     * 暴露垃圾 (0101, three working days, handled by CG).
     */
    public static void seedOneCategory(Database database, String communityCode, String communityName) {
        database.dsl().execute("insert into admin_area(code, name, level) values (?, ?, 'COMMUNITY')", communityCode, communityName);
        database.dsl().execute("insert into department(code, name) values ('CG', '区城管局')");
        database.dsl().execute("""
                insert into incident_category(code, name, pinyin_initials, default_department_code, fallback_department_code,
                                              time_limit, time_limit_unit)
                values ('0101', '暴露垃圾', 'BLLJ', 'CG', 'CG', 3, 'WORKING_DAYS')""");
    }
}
