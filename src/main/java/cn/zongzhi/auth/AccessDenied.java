package cn.zongzhi.auth;

/**
 * A service refused an action because of who asked: the role lacks the permission, or the record lies outside
 * the account's area. Raised in the services, whatever screen or command called them.
 */
public final class AccessDenied extends RuntimeException {
    /** Why: the role does not allow it, or the record is in another area. */
    public enum Reason { ROLE, AREA, NOT_SIGNED_IN }

    private final Reason reason;
    private final Permission permission;

    public AccessDenied(Reason reason, Permission permission) {
        super(reason + " " + permission);
        this.reason = reason;
        this.permission = permission;
    }

    public Reason reason() {
        return reason;
    }

    public Permission permission() {
        return permission;
    }

    /** The message key: {@code access.denied.ROLE} etc., with the permission's name as argument. */
    public String key() {
        return "access.denied." + reason.name();
    }
}
