package cn.zongzhi.auth;

/** What an account may do; the names are the values of operator.role. */
public enum Role {
    ADMINISTRATOR,
    SEAT_OPERATOR,
    MEDIATION_RECEPTIONIST,
    MEDIATOR,
    SUPERVISOR
}
