package cn.zongzhi.incidents;

/** Where an incident came in; the names are the values of incident.channel. */
public enum Channel {
    GRID_APP,
    HOTLINE_12345,
    NON_POLICE_110,
    URBAN_MANAGEMENT,
    WALK_IN,
    WECHAT,
    LEADER_MAILBOX,
    OTHER
}
