package cn.zongzhi.gridmap;

/** Which count colours the grids: none, open incidents, or overdue ones. */
public enum ChoroplethMode { NONE, OPEN, OVERDUE }
