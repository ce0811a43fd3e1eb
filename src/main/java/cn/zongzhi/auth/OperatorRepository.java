package cn.zongzhi.auth;

import cn.zongzhi.db.jooq.tables.records.OperatorRecord;
import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.OPERATOR;

public final class OperatorRepository {
    private final DSLContext dsl;

    public OperatorRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public int countActive() {
        return dsl.fetchCount(OPERATOR, OPERATOR.ACTIVE.isTrue());
    }

    public int countActiveAdministrators() {
        return dsl.fetchCount(OPERATOR, OPERATOR.ACTIVE.isTrue().and(OPERATOR.ROLE.eq(Role.ADMINISTRATOR.name())));
    }

    public void insert(Operator operator, String passwordHash, OffsetDateTime createdAt) {
        dsl.insertInto(OPERATOR)
                .set(OPERATOR.ID, operator.id())
                .set(OPERATOR.USERNAME, operator.username())
                .set(OPERATOR.DISPLAY_NAME, operator.displayName())
                .set(OPERATOR.PASSWORD_HASH, passwordHash)
                .set(OPERATOR.ROLE, operator.role().name())
                .set(OPERATOR.OFFICE_CODE, operator.officeCode())
                .set(OPERATOR.AREA_CODE, operator.areaCode())
                .set(OPERATOR.CREATED_AT, createdAt)
                .execute();
    }

    public boolean usernameTaken(String username) {
        return dsl.fetchExists(OPERATOR, OPERATOR.USERNAME.equalIgnoreCase(username));
    }

    public Optional<StoredCredential> findCredential(String username) {
        return dsl.selectFrom(OPERATOR)
                .where(OPERATOR.USERNAME.equalIgnoreCase(username))
                .fetchOptional()
                .map(OperatorRepository::toCredential);
    }

    public void recordFailure(UUID id, int failedAttempts, OffsetDateTime lockedUntil) {
        dsl.update(OPERATOR)
                .set(OPERATOR.FAILED_ATTEMPTS, failedAttempts)
                .set(OPERATOR.LOCKED_UNTIL, lockedUntil)
                .where(OPERATOR.ID.eq(id))
                .execute();
    }

    public void recordSuccess(UUID id) {
        dsl.update(OPERATOR)
                .set(OPERATOR.FAILED_ATTEMPTS, 0)
                .setNull(OPERATOR.LOCKED_UNTIL)
                .where(OPERATOR.ID.eq(id))
                .execute();
    }

    /** An account as the administrator's list shows it; never the password hash. */
    public record Account(Operator operator, boolean active, boolean locked, OffsetDateTime createdAt) {
    }

    public java.util.List<Account> accounts(OffsetDateTime now) {
        return dsl.selectFrom(OPERATOR).orderBy(OPERATOR.ACTIVE.desc(), OPERATOR.USERNAME)
                .fetch(row -> new Account(toCredential(row).operator(), row.getActive(),
                        row.getLockedUntil() != null && row.getLockedUntil().isAfter(now), row.getCreatedAt()));
    }

    public Optional<Operator> find(UUID id) {
        return dsl.selectFrom(OPERATOR).where(OPERATOR.ID.eq(id)).fetchOptional().map(row -> toCredential(row).operator());
    }

    /** A new password set by an administrator: the lockout ends with it. */
    public void setPassword(UUID id, String passwordHash) {
        dsl.update(OPERATOR).set(OPERATOR.PASSWORD_HASH, passwordHash).set(OPERATOR.FAILED_ATTEMPTS, 0)
                .setNull(OPERATOR.LOCKED_UNTIL).where(OPERATOR.ID.eq(id)).execute();
    }

    public void setActive(UUID id, boolean active) {
        dsl.update(OPERATOR).set(OPERATOR.ACTIVE, active).where(OPERATOR.ID.eq(id)).execute();
    }

    public void setRole(UUID id, Role role, String areaCode) {
        dsl.update(OPERATOR).set(OPERATOR.ROLE, role.name()).set(OPERATOR.AREA_CODE, areaCode).where(OPERATOR.ID.eq(id)).execute();
    }

    private static StoredCredential toCredential(OperatorRecord row) {
        Operator operator = new Operator(row.getId(), row.getUsername(), row.getDisplayName(),
                Role.valueOf(row.getRole()), row.getOfficeCode(), row.getAreaCode() == null ? null : row.getAreaCode().trim());
        return new StoredCredential(operator, row.getPasswordHash(), row.getFailedAttempts(),
                row.getLockedUntil(), row.getActive());
    }

    /** What sign-in needs to decide; stays inside the auth feature. */
    record StoredCredential(Operator operator, String passwordHash, int failedAttempts,
                            OffsetDateTime lockedUntil, boolean active) {
    }
}
