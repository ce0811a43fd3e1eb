package cn.zongzhi.cli;

import cn.zongzhi.server.Enrollments;
import cn.zongzhi.server.ServerDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "office", description = "Offices on the city server.", subcommands = {OfficeCommand.Add.class, OfficeCommand.NewCode.class})
final class OfficeCommand {
    static final class Server {
        @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "the server's PostgreSQL (default: H2 under --data)")
        String databaseUrl;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "city-server", description = "server data folder (default ${DEFAULT-VALUE})")
        Path data;
    }

    @Command(name = "add", description = {
            "Create an office with its jurisdiction and print its one-time enrollment code (valid 7 days)."})
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Server server = new Server();

        @Option(names = "--code", required = true, description = "office code, e.g. 440111004-TOWN")
        String code;

        @Option(names = "--name", required = true, description = "office name, e.g. 景泰街道综治中心")
        String name;

        @Option(names = "--level", defaultValue = "TOWN", description = "CITY, DISTRICT, TOWN or COMMUNITY (default ${DEFAULT-VALUE})")
        String level;

        @Option(names = "--area", required = true, arity = "1..*", paramLabel = "AREA_CODE", description = "area codes it covers")
        List<String> areas;

        @Override
        public Integer call() {
            try (ServerDatabase database = Databases.openServerForCommand(server.databaseUrl, server.data)) {
                String enrollmentCode = new Enrollments(database, Clock.systemUTC()).addOffice(code, name, level, areas);
                spec.commandLine().getOut().println("office " + code + " created; enrollment code (shown once, valid 7 days):");
                spec.commandLine().getOut().println(enrollmentCode);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (Enrollments.Refused refused) {
                throw new UserError(refused.getMessage());
            }
        }
    }

    @Command(name = "code", description = "Print a new one-time enrollment code for an existing office.")
    static final class NewCode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Server server = new Server();

        @Option(names = "--code", required = true, description = "office code")
        String code;

        @Override
        public Integer call() {
            try (ServerDatabase database = Databases.openServerForCommand(server.databaseUrl, server.data)) {
                spec.commandLine().getOut().println(new Enrollments(database, Clock.systemUTC()).newCode(code));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (Enrollments.Refused refused) {
                throw new UserError(refused.getMessage());
            }
        }
    }
}
