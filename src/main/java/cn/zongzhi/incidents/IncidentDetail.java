package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the detail pane shows about one incident, with the actions allowed now; the row version it was read
 * at tells a form opened on it whether someone has acted since. {@code cityRefusal} is null unless the city refused
 * to create the incident (市级未接收) and it has not been resubmitted since.
 */
public record IncidentDetail(UUID id, String caseNo, IncidentState state, String categoryCode, String categoryName,
                             String title, String description, String address, Double longitude, Double latitude,
                             String areaName, String departmentCode, String departmentName, String channel,
                             String riskLevel, String reporterName, String reporterPhone, Instant reportedAt,
                             Instant dueAt, Instant requestedDueAt, String resultNote, String satisfaction,
                             List<IncidentEvent> history, Set<IncidentAction> allowedActions,
                             List<LinkedDispute> disputes, long rowVersion, boolean dueBeyondCalendar,
                             CityRefusal cityRefusal) {
    /**
     * The detail with whether its deadline was counted past the years the holiday calendar holds (plain weeks
     * assumed); the row keeps no such flag, the service asks the calendar on every read.
     */
    IncidentDetail withDueBeyondCalendar(boolean value) {
        return new IncidentDetail(id, caseNo, state, categoryCode, categoryName, title, description, address, longitude,
                latitude, areaName, departmentCode, departmentName, channel, riskLevel, reporterName, reporterPhone,
                reportedAt, dueAt, requestedDueAt, resultNote, satisfaction, history, allowedActions, disputes, rowVersion,
                value, cityRefusal);
    }

    /**
     * The city refused the incident's creation (decision 0019): it is not on the city's books, its steps stay here,
     * and it goes again only once resubmitted (重新报送).
     *
     * @param reasonCode the city's reason for the refused creation (as {@code sync.reason.*} words it), or null
     */
    public record CityRefusal(String reasonCode) {
    }

    /** A dispute taken up from this incident (转为纠纷调解): its case number, status and outcome. */
    public record LinkedDispute(String caseNo, String status, String outcome) {
    }
}
