package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * One entry of the server's change log: the entity's whole state after a change, so applying the latest one
 * is enough and applying an older one after a newer one is detectable by {@code version}.
 *
 * @param mutationId the mutation that caused it, so a client recognises its own; null for server-made changes
 */
public record Change(long seq, EntityKind entityKind, UUID entityId, long version, UUID mutationId, ObjectNode data) {
}
