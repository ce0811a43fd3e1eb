package cn.zongzhi;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;

import java.util.UUID;

/** Accounts of each role, in the demo district (440111, Baiyun) unless an area is given. */
public final class TestOperators {
    private TestOperators() {
    }

    public static Operator of(Role role) {
        return of(role, "440111000000");
    }

    public static Operator of(Role role, String areaCode) {
        return new Operator(UUID.nameUUIDFromBytes((role + areaCode).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                role.name().toLowerCase(java.util.Locale.ROOT), "测试" + role.ordinal(), role, "440111-DEMO", areaCode);
    }

    public static Operator receptionist() {
        return of(Role.MEDIATION_RECEPTIONIST);
    }
}
