package cn.zongzhi.incidents;

import org.jooq.DSLContext;

import java.util.List;

import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;

/** Reference data the city owns: departments and the incident category catalogue. */
public final class CatalogueRepository {
    private final DSLContext dsl;

    public CatalogueRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void upsertDepartments(List<Department> departments) {
        for (Department department : departments) {
            dsl.mergeInto(DEPARTMENT, DEPARTMENT.CODE, DEPARTMENT.NAME, DEPARTMENT.AREA_CODE, DEPARTMENT.PHONE)
                    .key(DEPARTMENT.CODE)
                    .values(department.code(), department.name(), department.areaCode(), department.phone())
                    .execute();
        }
    }

    /** Parents must come before their children in the list. */
    public void upsertCategories(List<Category> categories) {
        for (Category category : categories) {
            dsl.mergeInto(INCIDENT_CATEGORY, INCIDENT_CATEGORY.CODE, INCIDENT_CATEGORY.NAME, INCIDENT_CATEGORY.PINYIN_INITIALS,
                            INCIDENT_CATEGORY.PARENT_CODE, INCIDENT_CATEGORY.DEFAULT_DEPARTMENT_CODE,
                            INCIDENT_CATEGORY.FALLBACK_DEPARTMENT_CODE, INCIDENT_CATEGORY.TIME_LIMIT,
                            INCIDENT_CATEGORY.TIME_LIMIT_UNIT, INCIDENT_CATEGORY.EMERGENCY)
                    .key(INCIDENT_CATEGORY.CODE)
                    .values(category.code(), category.name(), category.pinyinInitials(), category.parentCode(),
                            category.defaultDepartmentCode(), category.fallbackDepartmentCode(), category.timeLimit(),
                            category.timeLimitUnit(), category.emergency())
                    .execute();
        }
    }

    public List<Category> categories() {
        return dsl.selectFrom(INCIDENT_CATEGORY).where(INCIDENT_CATEGORY.ACTIVE.isTrue()).orderBy(INCIDENT_CATEGORY.CODE)
                .fetch(row -> new Category(row.getCode(), row.getName(), row.getPinyinInitials(), row.getParentCode(),
                        row.getDefaultDepartmentCode(), row.getFallbackDepartmentCode(), row.getTimeLimit(),
                        row.getTimeLimitUnit(), row.getEmergency()));
    }

    public List<Department> departments() {
        return dsl.selectFrom(DEPARTMENT).where(DEPARTMENT.ACTIVE.isTrue()).orderBy(DEPARTMENT.CODE)
                .fetch(row -> new Department(row.getCode(), row.getName(),
                        row.getAreaCode() == null ? null : row.getAreaCode().trim(), row.getPhone()));
    }

    public java.util.Set<String> categoryCodes() {
        return new java.util.HashSet<>(dsl.select(INCIDENT_CATEGORY.CODE).from(INCIDENT_CATEGORY).fetch(INCIDENT_CATEGORY.CODE));
    }

    public int countDepartments() {
        return dsl.fetchCount(DEPARTMENT);
    }

    public int countCategories() {
        return dsl.fetchCount(INCIDENT_CATEGORY);
    }

    public record Department(String code, String name, String areaCode, String phone) {
        @Override
        public String toString() {
            return name;
        }
    }

    public record Category(String code, String name, String pinyinInitials, String parentCode,
                           String defaultDepartmentCode, String fallbackDepartmentCode, Integer timeLimit,
                           String timeLimitUnit, boolean emergency) {
    }
}
