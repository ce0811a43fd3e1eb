package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * One intent from a client's outbox.
 *
 * @param mutationId     the idempotency key: the same id delivered twice is applied once
 * @param clientSequence the replica's local outbox number, increasing from 1
 * @param entityId       the incident's id (for NOTE too: the note's own id is the mutation id)
 * @param baseVersion    the server version the client's row was based on; null when never synced
 * @param transition     for {@link MutationKind#TRANSITION} only
 * @param hlc            hybrid-clock stamp (physical milliseconds << 16 | counter)
 * @param payload        CREATE: all fields; PATCH: changed fields only; VOID: {"reason"}; NOTE: {"text"}
 */
public record Mutation(UUID mutationId, long clientSequence, EntityKind entityKind, UUID entityId, MutationKind kind,
                       Long baseVersion, Transition transition, long hlc, Actor actor, ObjectNode payload) {
}
