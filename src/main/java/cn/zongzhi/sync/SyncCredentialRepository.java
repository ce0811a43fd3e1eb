package cn.zongzhi.sync;

import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static cn.zongzhi.db.jooq.Tables.INSTALLATION;
import static cn.zongzhi.db.jooq.Tables.SYNC_CREDENTIAL;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;

/** The one enrollment of this installation, and the replica id it enrolled with. */
public final class SyncCredentialRepository {
    private final DSLContext dsl;

    public SyncCredentialRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** What the city gave this installation. */
    public record Credential(String serverUrl, String officeCode, List<String> areas, String token, String serverEpoch,
                             Instant enrolledAt) {
    }

    public String replicaId() {
        return dsl.select(INSTALLATION.REPLICA_ID).from(INSTALLATION).fetchOne(INSTALLATION.REPLICA_ID).toString();
    }

    public void save(Credential credential) {
        dsl.deleteFrom(SYNC_CREDENTIAL).execute();
        dsl.insertInto(SYNC_CREDENTIAL).set(SYNC_CREDENTIAL.ID, 1).set(SYNC_CREDENTIAL.SERVER_URL, credential.serverUrl())
                .set(SYNC_CREDENTIAL.OFFICE_CODE, credential.officeCode())
                .set(SYNC_CREDENTIAL.AREAS, String.join(",", credential.areas()))
                .set(SYNC_CREDENTIAL.TOKEN, credential.token()).set(SYNC_CREDENTIAL.SERVER_EPOCH, credential.serverEpoch())
                .set(SYNC_CREDENTIAL.ENROLLED_AT, OffsetDateTime.ofInstant(credential.enrolledAt(), ZoneOffset.UTC))
                .execute();
    }

    /** Whether the city refused the credential held at the last attempt (and no round has succeeded since). */
    public boolean refused() {
        return SyncState.credentialRefused(dsl.select(SYNC_STATUS.LAST_ERROR).from(SYNC_STATUS).where(SYNC_STATUS.ID.eq(1))
                .fetchOptional(SYNC_STATUS.LAST_ERROR).orElse(null));
    }

    /**
     * Enrolling again: the new credential takes the refused one's place and the refusal is forgotten (the next round
     * says how the new one fares). The outbox, cursor and everything waiting stay as they are.
     */
    public void replace(Credential credential) {
        dsl.transaction(tx -> {
            new SyncCredentialRepository(tx.dsl()).save(credential);
            tx.dsl().update(SYNC_STATUS).setNull(SYNC_STATUS.LAST_ERROR).where(SYNC_STATUS.ID.eq(1)).execute();
        });
    }

    public Optional<Credential> find() {
        return dsl.selectFrom(SYNC_CREDENTIAL).fetchOptional().map(row -> new Credential(row.getServerUrl(), row.getOfficeCode(),
                List.of(row.getAreas().split(",")), row.getToken(), row.getServerEpoch(), row.getEnrolledAt().toInstant()));
    }
}
