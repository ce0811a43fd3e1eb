package cn.zongzhi.areas;

/** An administrative area by its 12-digit statistical code (统计用区划代码), padded with zeros. */
public record AdminArea(String code, String name, AreaLevel level, String parentCode) {
    /** Pads a statistical code of any level to the 12 digits stored. */
    public static String padded(String code) {
        return (code.trim() + "000000000000").substring(0, 12);
    }

    /**
     * The last 12-digit code under a prefix: with {@link #padded} the two ends of a code range, which selects
     * a subtree on a fixed-width CHAR(12) column through its index (LIKE would not).
     */
    public static String lastUnder(String prefix) {
        return (prefix.trim() + "999999999999").substring(0, 12);
    }
}
