package cn.zongzhi.demo;

/** What the demo generator wrote. */
public record DemoSummary(int areas, int comprehensiveGrids, int microGrids, int gridStaff, int departments,
                          int categories, int mediators, int rooms, int incidents, int disputes, long millis) {
}
