package cn.zongzhi.gridmap;

public record TownSummary(String code, String name, int communities, int comprehensiveGrids, int microGrids,
                          int incidents) {
}
