package cn.zongzhi.cli;

import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.ServerDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = {
        "Run the city server (no JavaFX): health at /health, office enrollment at /api/enroll,",
        "sync at /sync/hello, /sync/push and /sync/pull.",
        "PostgreSQL with --db-url (user and password from ZONGZHI_SERVER_DB_USER / ZONGZHI_SERVER_DB_PASSWORD),",
        "otherwise an embedded H2 under --data. Plain HTTP on loopback only; elsewhere give --keystore for TLS."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8443", description = "port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "jdbc:postgresql://… (default: embedded H2 under --data)")
    String databaseUrl;

    @Option(names = "--read-db-url", paramLabel = "JDBC_URL", description = {"a read replica of --db-url (a PostgreSQL hot standby)",
            "that pulls read from; user and password from ZONGZHI_SERVER_READ_DB_USER / ZONGZHI_SERVER_READ_DB_PASSWORD,",
            "else those of the primary"})
    String readDatabaseUrl;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "city-server", description = "server data folder (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS#12 or JKS keystore for TLS; password from ZONGZHI_KEYSTORE_PASSWORD")
    Path keystore;

    @Option(names = "--new-epoch", description = {"after restoring the server's database from a backup: start a new epoch,",
            "so every office pulls again from the start and re-sends what the restore lost"})
    boolean newEpoch;

    @Override
    public Integer call() throws Exception {
        String password = System.getenv("ZONGZHI_KEYSTORE_PASSWORD");
        if (keystore != null && (password == null || password.isEmpty())) {
            throw new UserError("set ZONGZHI_KEYSTORE_PASSWORD to the keystore's password");
        }
        if (readDatabaseUrl != null && (databaseUrl == null || databaseUrl.isBlank())) {
            throw new UserError("--read-db-url is a replica of the primary given with --db-url; the embedded H2 has none");
        }
        ServerDatabase database = ServerDatabase.open(databaseUrl, data);
        ServerDatabase replica;
        try {
            replica = readDatabaseUrl == null ? null : ServerDatabase.replica(readDatabaseUrl);
        } catch (RuntimeException e) {
            database.close();
            throw new UserError("the read replica cannot be opened: " + e.getMessage());
        }
        if (newEpoch) {
            String epoch = new cn.zongzhi.server.ServerRepository(database.dsl()).newEpoch(java.time.Instant.now());
            spec.commandLine().getOut().printf("new epoch %s: offices will pull again and re-send their outbox%n", epoch);
        }
        CityServer server;
        try {
            server = CityServer.start(database, replica, new CityServer.Listen(host, port, keystore,
                    password == null ? null : password.toCharArray()), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            database.close();
            if (replica != null) {
                replica.close();
            }
            throw new UserError(e.getMessage());
        }
        spec.commandLine().getOut().printf("city server on %s://%s:%d (database %s%s); Ctrl+C stops it%n",
                keystore == null ? "http" : "https", host, server.port(), database.kind(),
                replica == null ? "" : ", pulls from a read replica");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            database.close();
            if (replica != null) {
                replica.close();
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
