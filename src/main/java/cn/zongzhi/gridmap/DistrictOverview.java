package cn.zongzhi.gridmap;

import java.util.List;

/** The district this installation serves, town by town. */
public record DistrictOverview(String districtCode, String districtName, List<TownSummary> towns, int incidents) {
    public int communities() {
        return towns.stream().mapToInt(TownSummary::communities).sum();
    }

    public int comprehensiveGrids() {
        return towns.stream().mapToInt(TownSummary::comprehensiveGrids).sum();
    }

    public int microGrids() {
        return towns.stream().mapToInt(TownSummary::microGrids).sum();
    }
}
