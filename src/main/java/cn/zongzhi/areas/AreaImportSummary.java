package cn.zongzhi.areas;

import java.util.List;

/** What an import did: rows read, areas new and updated, and each row refused with its line and reason. */
public record AreaImportSummary(int read, int inserted, int updated, List<Reject> rejects) {
    public record Reject(long line, String code, String reason) {
    }
}
