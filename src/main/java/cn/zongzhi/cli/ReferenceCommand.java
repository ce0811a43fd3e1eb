package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.sync.ReferencePublisher;
import cn.zongzhi.sync.SyncClients;
import cn.zongzhi.sync.SyncTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "reference", description = "Reference data the city owns (areas, departments, catalogue, grids, mediators, holidays).",
        subcommands = {ReferenceCommand.Publish.class})
final class ReferenceCommand {
    @ParentCommand
    Main main;

    @Command(name = "publish", description = {
            "Publish this console's reference data to the city server, from the city office's enrolled console.",
            "Offices receive what changed in their next sync round; unchanged items keep their version.",
            "The console must be closed."})
    static final class Publish implements Callable<Integer> {
        @ParentCommand
        ReferenceCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--server", paramLabel = "URL", description = "the city server's address, if it differs from the one enrolled with")
        String server;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database database = Databases.openForCommand(DatabaseOption.resolve(parent.main))) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                SyncTransport transport = SyncClients.transportFromEnrollment(database.dsl(), http, server)
                        .orElseThrow(() -> new UserError("this installation is not enrolled with a city server: run "
                                + "`zongzhi enroll --server URL --code CODE` first (尚未注册到市级服务器)"));
                ReferencePublisher.Published published = new ReferencePublisher(database.dsl(), transport)
                        .publish(() -> false, (done, total) -> {
                            out.printf("sent %d of %d%n", done, total);
                            out.flush();
                        });
                out.printf("published %d item(s), %d changed; reference version %d%s%n", published.items(), published.changed(),
                        published.version(), published.leftOut() > 0 ? "; " + published.leftOut()
                                + " item(s) too large to publish (see the log)" : "");
                out.flush();
                return 0;
            } catch (SyncTransport.Unavailable unavailable) {
                throw new UserError(unavailable.getMessage() + " (" + unavailable.reason() + ")");
            }
        }
    }
}
