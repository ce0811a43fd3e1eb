package cn.zongzhi.incidents;

/** What the intake form collects; coordinates are WGS-84 and may be absent. */
public record NewIncident(Channel channel, String reporterName, String reporterPhone, String categoryCode, String title,
                          String description, String address, Double longitude, Double latitude, RiskLevel riskLevel) {
}
