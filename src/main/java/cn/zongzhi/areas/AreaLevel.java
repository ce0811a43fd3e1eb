package cn.zongzhi.areas;

/** The administrative ladder; each level's statistical code has a fixed number of significant digits. */
public enum AreaLevel {
    PROVINCE(2),
    CITY(4),
    DISTRICT(6),
    TOWN(9),
    COMMUNITY(12);

    private final int digits;

    AreaLevel(int digits) {
        this.digits = digits;
    }

    /** How many leading digits of the 12-digit code identify an area of this level. */
    public int digits() {
        return digits;
    }

    public AreaLevel parent() {
        return this == PROVINCE ? null : values()[ordinal() - 1];
    }
}
