package cn.zongzhi.sync;

import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static cn.zongzhi.db.jooq.Tables.INSTALLATION;
import static cn.zongzhi.db.jooq.Tables.SYNC_CREDENTIAL;

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

    public Optional<Credential> find() {
        return dsl.selectFrom(SYNC_CREDENTIAL).fetchOptional().map(row -> new Credential(row.getServerUrl(), row.getOfficeCode(),
                List.of(row.getAreas().split(",")), row.getToken(), row.getServerEpoch(), row.getEnrolledAt().toInstant()));
    }
}
