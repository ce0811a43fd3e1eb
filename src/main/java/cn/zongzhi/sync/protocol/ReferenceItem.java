package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One piece of reference data as the city holds it: its whole content, so an office applies the latest version of
 * each item and nothing else. A withdrawn item stays, with {@code "active": false} in its data.
 *
 * @param code    the item's key within its kind: an area or grid code, a category code, a year for HOLIDAY_YEAR
 * @param version the server's number for this content; 0 in a publication (the server assigns it)
 */
public record ReferenceItem(ReferenceKind kind, String code, long version, ObjectNode data) {
}
