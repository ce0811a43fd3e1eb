package cn.zongzhi.incidents;

import java.util.List;

/** What an import did: rows read, imported, already present from an earlier import, and each refusal. */
public record IncidentImportSummary(int read, int imported, int alreadyPresent, List<Reject> rejects) {
    public record Reject(long line, String reason) {
    }
}
