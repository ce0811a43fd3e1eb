package cn.zongzhi.incidents;

/** 风险等级: red is the most urgent. */
public enum RiskLevel {
    RED,
    ORANGE,
    YELLOW
}
