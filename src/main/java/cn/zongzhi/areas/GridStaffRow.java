package cn.zongzhi.areas;

import java.util.UUID;

/** A person on a grid's team: role is LEADER, WORKER, LIAISON, PARTY_MEMBER, VOLUNTEER, … */
public record GridStaffRow(UUID id, UUID gridId, String name, String role, String phone) {
}
