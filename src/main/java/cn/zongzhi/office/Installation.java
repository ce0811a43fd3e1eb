package cn.zongzhi.office;

import java.util.UUID;

/** This installation: which office it serves and its replica id for sync. */
public record Installation(UUID replicaId, String officeCode, String officeName, String officeLevel,
                           String areaCode, boolean demo, String casePrefix) {
    /** The letters this office's case numbers begin with; {@code fallback} (the settings') when none was named. */
    public String casePrefixOr(String fallback) {
        return casePrefix == null || casePrefix.isBlank() ? fallback : casePrefix;
    }
}
