package cn.zongzhi.app;

import cn.zongzhi.auth.DemoDistrictLoader;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.office.Installation;

import java.time.Instant;

/** Connects the set-up screen's "load the demo district" to the demo feature. */
final class DemoWiring {
    private DemoWiring() {
    }

    static DemoDistrictLoader loader(Database database, Installation installation, ConsoleOptions options) {
        return progress -> new DemoDistrictGenerator(database.dsl()).generate(
                DemoOptions.defaults(Instant.now())
                        .withIncidents(options.demoIncidents())
                        .withDisputes(options.demoDisputes())
                        .withOfficeCode(installation.officeCode()),
                progress);
    }
}
