package cn.zongzhi.office;

import java.util.UUID;

/** This installation: which office it serves and its replica id for sync. */
public record Installation(UUID replicaId, String officeCode, String officeName, String officeLevel,
                           String areaCode, boolean demo) {
}
