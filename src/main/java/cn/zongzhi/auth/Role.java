package cn.zongzhi.auth;

import java.util.EnumSet;
import java.util.Set;

import static cn.zongzhi.auth.Permission.AUDIT_VIEW;
import static cn.zongzhi.auth.Permission.DISPUTE_MEDIATE;
import static cn.zongzhi.auth.Permission.DISPUTE_REGISTER;
import static cn.zongzhi.auth.Permission.INCIDENT_DISPATCH;
import static cn.zongzhi.auth.Permission.INCIDENT_HANDLE;
import static cn.zongzhi.auth.Permission.INCIDENT_INTAKE;
import static cn.zongzhi.auth.Permission.INCIDENT_TRANSFER;
import static cn.zongzhi.auth.Permission.PERSONAL_DATA_REVEAL;

/**
 * What an account may do; the names are the values of operator.role. The matrix follows the desks: the seat
 * operator runs the incident loop, the receptionist registers disputes and books, the mediator records what
 * happened in mediation, the supervisor watches (figures, audit) and decides on dispatch and extensions, the
 * administrator keeps accounts and the installation and may stand in at any desk.
 */
public enum Role {
    /** Everything: in a township office the administrator is often also on a desk. Reveals are audited all the same. */
    ADMINISTRATOR(EnumSet.allOf(Permission.class)),
    SEAT_OPERATOR(EnumSet.of(INCIDENT_INTAKE, INCIDENT_HANDLE, INCIDENT_DISPATCH, PERSONAL_DATA_REVEAL)),
    MEDIATION_RECEPTIONIST(EnumSet.of(DISPUTE_REGISTER, DISPUTE_MEDIATE, PERSONAL_DATA_REVEAL)),
    MEDIATOR(EnumSet.of(DISPUTE_MEDIATE, PERSONAL_DATA_REVEAL)),
    /** Watches and decides; works from masked records, so a reveal needs another account. */
    SUPERVISOR(EnumSet.of(INCIDENT_HANDLE, INCIDENT_DISPATCH, AUDIT_VIEW, INCIDENT_TRANSFER));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }
}
