package cn.zongzhi.auth;

import java.util.UUID;

/** A signed-in account, as the rest of the console sees it (never carries the password hash). */
public record Operator(UUID id, String username, String displayName, Role role, String officeCode, String areaCode) {
}
