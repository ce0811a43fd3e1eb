package cn.zongzhi.gridmap;

/** The kinds of outline on the map, outermost first; each is a layer that can be switched on and off. */
public enum FeatureKind {
    DISTRICT,
    TOWN,
    COMMUNITY,
    /** 综合网格 */
    GRID,
    /** 微网格 */
    MICRO_GRID;

    public boolean isGrid() {
        return this == GRID || this == MICRO_GRID;
    }

    /** The word the command line and the import use for this level. */
    public String word() {
        return switch (this) {
            case DISTRICT -> "district";
            case TOWN -> "town";
            case COMMUNITY -> "community";
            case GRID -> "grid";
            case MICRO_GRID -> "microgrid";
        };
    }
}
