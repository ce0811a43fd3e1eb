package cn.zongzhi.office;

import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.Ids;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;

/** Makes sure the database knows which office it serves; a fresh one takes the office from the settings. */
public final class InstallationService {
    private final DSLContext dsl;
    private final AppConfig config;
    private final Clock clock;

    public InstallationService(DSLContext dsl, AppConfig config, Clock clock) {
        this.dsl = dsl;
        this.config = config;
        this.clock = clock;
    }

    public Installation ensureInstallation() {
        return dsl.transactionResult(configuration -> {
            InstallationRepository repository = new InstallationRepository(configuration.dsl());
            return repository.find().orElseGet(() -> {
                repository.create(Ids.newId(), config.get("office.code"), config.get("office.name"),
                        config.get("office.level"), config.get("office.area"), OffsetDateTime.now(clock));
                return repository.find().orElseThrow();
            });
        });
    }

    /**
     * At first start, before anything else is written: this installation serves the office its administrator
     * confirmed, not the one shipped in the settings.
     */
    public Installation serve(String officeCode, String officeName, String level, String areaCode, String casePrefix) {
        return dsl.transactionResult(configuration -> {
            InstallationRepository repository = new InstallationRepository(configuration.dsl());
            repository.serve(officeCode, officeName, level, areaCode, casePrefix);
            return repository.find().orElseThrow();
        });
    }

    public Installation markDemo() {
        new InstallationRepository(dsl).markDemo();
        return new InstallationRepository(dsl).find().orElseThrow();
    }
}
