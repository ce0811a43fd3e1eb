package cn.zongzhi.sync;

import cn.zongzhi.common.HybridClock;
import org.jooq.DSLContext;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Builds the sync client of this installation from its enrollment, when it has one. */
public final class SyncClients {
    /** The schema version a hello announces: the latest console migration (SyncClientsTest keeps it so). */
    public static final int SCHEMA_VERSION = 32;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private SyncClients() {
    }

    /**
     * @param serverOverride another address of the same city server (e.g. a different name on the office LAN); null
     *                       keeps the address enrolled with
     * @param officeArea     the office's own area code, given to incidents whose place is unknown
     */
    public static Optional<SyncClient> fromEnrollment(DSLContext dsl, HttpClient http, HybridClock hlc, Clock clock,
                                                      String serverOverride, String officeArea) {
        return transportFromEnrollment(dsl, http, serverOverride).map(transport -> new SyncClient(dsl, transport, hlc, clock,
                new SyncCredentialRepository(dsl).replicaId(), padded(officeArea), SCHEMA_VERSION));
    }

    /** The transport of this installation's enrollment, for calls outside a round (publishing reference data). */
    public static Optional<SyncTransport> transportFromEnrollment(DSLContext dsl, HttpClient http, String serverOverride) {
        return new SyncCredentialRepository(dsl).find().map(credential -> new HttpSyncTransport(http,
                serverOverride != null ? serverOverride : credential.serverUrl(), credential.token(), REQUEST_TIMEOUT));
    }

    /** Statistical area codes travel as 12 digits: a 6- or 9-digit office area is padded with zeros. */
    static String padded(String area) {
        if (area == null || area.isBlank() || !area.trim().matches("\\d{1,12}")) {
            return null;
        }
        String digits = area.trim();
        return digits + "0".repeat(12 - digits.length());
    }
}
