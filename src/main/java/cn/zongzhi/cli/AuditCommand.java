package cn.zongzhi.cli;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "audit", description = "The tamper-evident audit log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @ParentCommand
    Main main;

    @Command(name = "verify", description = {
            "Recompute the audit log's hash chain and report the first broken link.",
            "Exit code 0 when every entry holds, 1 when the chain is broken."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Messages messages = Messages.forLanguage("zh");
            PrintWriter out = spec.commandLine().getOut();
            try (Database database = Databases.openForCommand(DatabaseOption.resolve(parent.main))) {
                AuditRepository.Verification result = new AuditRepository(database.dsl()).verify();
                if (result.intact()) {
                    out.println(messages.text("audit.verify.intact", result.checked(),
                            result.headSeq() == null ? "—" : result.headSeq()));
                    out.flush();
                    return 0;
                }
                out.println(messages.text("audit.verify.broken", result.brokenAt(),
                        messages.text("audit.break." + result.reason().name()), result.checked()));
                out.flush();
                return 1;
            }
        }
    }
}
