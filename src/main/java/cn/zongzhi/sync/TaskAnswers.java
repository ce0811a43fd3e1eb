package cn.zongzhi.sync;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.OutboxRepository;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.MutationKind;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The dispatcher answers a task the city raised (a township finished an incident the city had dispatched):
 * 同意办结 lets the township's finish stand and recalls the dispatch, 继续办理 keeps the dispatch. The answer is an
 * outbox row (entity TASK, RESOLVE) written with the task marked seen in one local transaction; the city decides
 * it, and its changes to the incident, the task and the conflict come back in the pull. Should the city refuse the
 * answer, the round lists the task again so it can be answered anew (SyncClientRepository.recordOutcomes).
 */
public final class TaskAnswers {
    /** What the dispatcher decides; the names travel as the mutation's {@code decision}. */
    public enum Decision {
        ACCEPT_FINISH,
        CONTINUE
    }

    private final DSLContext dsl;
    private final HybridClock hlc;
    private final Clock clock;
    private final Supplier<Operator> operator;

    public TaskAnswers(DSLContext dsl, HybridClock hlc, Clock clock, Supplier<Operator> operator) {
        this.dsl = dsl;
        this.hlc = hlc;
        this.clock = clock;
        this.operator = operator;
    }

    public void answer(String taskId, Decision decision) {
        UUID task = UUID.fromString(taskId);
        Operator who = operator.get();
        String payload = cn.zongzhi.sync.protocol.SyncJson.MAPPER.createObjectNode().put("decision", decision.name()).toString();
        dsl.transaction(tx -> {
            new OutboxRepository(tx.dsl()).appendFields(EntityKind.TASK.name(), new OutboxRepository.Fields(UUID.randomUUID(),
                    MutationKind.RESOLVE.name(), task, null, hlc.next(), who == null ? null : who.id().toString(),
                    who == null ? null : who.displayName(), payload, clock.instant()));
            new SyncClientRepository(tx.dsl()).acknowledgeRecord(EntityKind.TASK, taskId);
        });
    }
}
