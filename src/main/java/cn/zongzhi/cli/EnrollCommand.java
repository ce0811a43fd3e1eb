package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.office.InstallationRepository;
import cn.zongzhi.sync.EnrollmentClient;
import cn.zongzhi.sync.SyncCredentialRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "enroll", description = {
        "Join this installation to the city server with the one-time code the city gave the office.",
        "The credential it receives is kept in the local database."})
final class EnrollCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "e.g. https://zongzhi.city.example:8443")
    String server;

    @Option(names = "--code", required = true, paramLabel = "CODE", description = "the enrollment code")
    String code;

    @Override
    public Integer call() {
        try (Database database = Databases.openForCommand(DatabaseOption.resolve(main))) {
            if (new InstallationRepository(database.dsl()).find().isEmpty()) {
                throw new UserError("this database has not been set up yet: start the console on it once (it asks for the"
                        + " office and its administrator), then enroll (数据库尚未初始化：请先用它启动一次工作台)");
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            var credential = new EnrollmentClient(http, Clock.systemUTC()).enroll(server, code,
                    new SyncCredentialRepository(database.dsl()));
            spec.commandLine().getOut().printf("enrolled as office %s (areas %s) with %s%n", credential.officeCode(),
                    String.join(", ", credential.areas()), credential.serverUrl());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (EnrollmentClient.EnrollmentFailed failed) {
            spec.commandLine().getErr().println("错误 error: " + failed.getMessage() + " (" + failed.reason() + ")");
            return 1;
        }
    }
}
