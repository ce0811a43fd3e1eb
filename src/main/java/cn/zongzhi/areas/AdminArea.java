package cn.zongzhi.areas;

/** An administrative area by its 12-digit statistical code (统计用区划代码), padded with zeros. */
public record AdminArea(String code, String name, AreaLevel level, String parentCode) {
    /** Pads a statistical code of any level to the 12 digits stored. */
    public static String padded(String code) {
        return (code.trim() + "000000000000").substring(0, 12);
    }
}
