package cn.zongzhi.incidents;

/** The citizen's rating at the return visit; the names are the values of incident.satisfaction. */
public enum Satisfaction {
    SATISFIED,
    BASICALLY_SATISFIED,
    DISSATISFIED
}
