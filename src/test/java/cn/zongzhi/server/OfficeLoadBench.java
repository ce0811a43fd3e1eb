package cn.zongzhi.server;

import cn.zongzhi.sync.HttpSyncTransport;
import cn.zongzhi.sync.protocol.Actor;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 6's scale figures against a real PostgreSQL (embedded, started here): many simulated offices syncing on
 * a timer against one city server on loopback — each round a hello, a push of a few intake mutations and every
 * page of its feed, timed whole — and then the server's ingest of a first sync's creations beside bare JDBC
 * batches and COPY of the same rows. A main, not a test (it runs for minutes); run it on the test classpath:
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp-test.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp-test.txt) cn.zongzhi.server.OfficeLoadBench 500 180 30 2 20000
 * </pre>
 *
 * Arguments: offices, seconds to run, seconds between an office's rounds, mutations per round, rows for the ingest
 * comparison. The simulated offices are HTTP clients without a console database: the figure is the server's.
 */
public final class OfficeLoadBench {
    private OfficeLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int offices = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        int interval = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int ingestRows = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        Clock clock = Clock.systemUTC();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("create database city");
                statement.execute("create database bare");
            }
            try (ServerDatabase database = ServerDatabase.postgres(postgres.getJdbcUrl("postgres", "city"), null, null);
                 CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
                Enrollments enrollments = new Enrollments(database, clock);
                HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
                List<Office> all = new ArrayList<>();
                for (int i = 0; i < offices; i++) {
                    String town = "440111" + String.format("%03d", i);
                    String code = enrollments.addOffice("TOWN-" + town, "街道" + i, "TOWN", List.of(town));
                    String replica = UUID.randomUUID().toString();
                    String token = enrollments.enroll(code, replica).token();
                    all.add(new Office(replica, town + "001", new HttpSyncTransport(http, "http://127.0.0.1:" + server.port(), token,
                            Duration.ofSeconds(30))));
                }
                System.out.printf("%d offices enrolled on PostgreSQL %s; %d s, a round every %d s each, %d mutations a round%n",
                        offices, postgres.getJdbcUrl("postgres", "city").replaceAll("\\?.*", ""), seconds, interval, perRound);

                ConcurrentLinkedQueue<Long> rounds = new ConcurrentLinkedQueue<>();
                AtomicInteger errors = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                ScheduledExecutorService timer = Executors.newScheduledThreadPool(32);
                long started = System.nanoTime();
                for (Office office : all) {
                    long offset = ThreadLocalRandom.current().nextLong(interval * 1000L);
                    timer.scheduleAtFixedRate(() -> {
                        long begin = System.nanoTime();
                        try {
                            refused.addAndGet(office.round(perRound, clock));
                            rounds.add((System.nanoTime() - begin) / 1_000_000);
                        } catch (RuntimeException failure) {
                            errors.incrementAndGet();
                        }
                    }, offset, interval * 1000L, TimeUnit.MILLISECONDS);
                }
                // The run ends on the timer itself: no round starts after it, and those under way finish.
                timer.schedule(timer::shutdown, seconds, TimeUnit.SECONDS);
                timer.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
                double elapsed = (System.nanoTime() - started) / 1e9;
                List<Long> sorted = new ArrayList<>(rounds);
                Collections.sort(sorted);
                System.out.println();
                System.out.println("| rounds | errors | refused mutations | rounds/s | p50 ms | p95 ms | p99 ms | max ms |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                System.out.printf("| %,d | %d | %d | %.1f | %d | %d | %d | %d |%n", sorted.size(), errors.get(), refused.get(),
                        sorted.size() / elapsed, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
                        sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));

                int n = Math.max(1, sorted.size());
                System.out.printf("%nmean of the parts: hello %d ms, push %d ms, pull %d ms%n", PHASES[0].get() / 1000 / n,
                        PHASES[1].get() / 1000 / n, PHASES[2].get() / 1000 / n);
                ingest(postgres, all.get(0), ingestRows, clock);
            }
        }
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    /** The server's ingest of creations through push, beside bare JDBC batches and COPY of the same rows. */
    private static void ingest(EmbeddedPostgres postgres, Office office, int rows, Clock clock) throws Exception {
        List<Mutation> creations = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            creations.add(office.creation(clock, "入库基准 " + i));
        }
        long pushStart = System.nanoTime();
        int applied = 0;
        for (int from = 0; from < rows; from += 500) {
            PushReply reply = office.transport.push(new Push(creations.subList(from, Math.min(rows, from + 500))));
            applied += (int) reply.outcomes().stream().filter(outcome -> outcome.outcome() == OutcomeKind.APPLIED).count();
        }
        double pushSeconds = (System.nanoTime() - pushStart) / 1e9;

        String create = "create table incident (id varchar(36) primary key, origin_office varchar(32) not null,"
                + " area_code varchar(12) not null, title varchar(300) not null, reported_at timestamp with time zone,"
                + " status varchar(16) not null, version bigint not null, field_versions varchar(20000) not null,"
                + " hlc bigint not null, created_at timestamp with time zone not null, updated_at timestamp with time zone not null)";
        double jdbcSeconds;
        double copySeconds;
        try (Connection connection = postgres.getDatabase("postgres", "bare").getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(create);
                statement.execute(create.replace("table incident", "table incident_copy"));
            }
            connection.setAutoCommit(false);
            long jdbcStart = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("insert into incident values (?, ?, ?, ?, ?, 'REPORTED', 1, '{}', ?, now(), now())")) {
                int n = 0;
                for (Mutation creation : creations) {
                    insert.setString(1, creation.entityId().toString());
                    insert.setString(2, "TOWN");
                    insert.setString(3, creation.payload().get("areaCode").asText());
                    insert.setString(4, creation.payload().get("title").asText());
                    insert.setObject(5, java.time.OffsetDateTime.parse(creation.payload().get("reportedAt").asText()));
                    insert.setLong(6, creation.hlc());
                    insert.addBatch();
                    if (++n % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            jdbcSeconds = (System.nanoTime() - jdbcStart) / 1e9;
            long copyStart = System.nanoTime();
            StringBuilder csv = new StringBuilder();
            for (Mutation creation : creations) {
                csv.append(creation.entityId()).append(",TOWN,").append(creation.payload().get("areaCode").asText()).append(',')
                        .append(creation.payload().get("title").asText()).append(',').append(creation.payload().get("reportedAt").asText())
                        .append(",REPORTED,1,{},").append(creation.hlc()).append(",now,now\n");
            }
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy incident_copy from stdin with (format csv)",
                    new StringReader(csv.toString().replace(",now,now", "," + Instant.now() + "," + Instant.now())));
            connection.commit();
            copySeconds = (System.nanoTime() - copyStart) / 1e9;
        }
        System.out.println();
        System.out.println("| ingest of " + String.format("%,d", rows) + " creations | seconds | rows/s |");
        System.out.println("|---|---|---|");
        System.out.printf("| the server's push over HTTP (batches of 500; incident, change, outcome each; %,d applied) | %.1f | %,.0f |%n",
                applied, pushSeconds, rows / pushSeconds);
        System.out.printf("| bare JDBC batches of 1,000 into the same columns | %.2f | %,.0f |%n", jdbcSeconds, rows / jdbcSeconds);
        System.out.printf("| bare COPY of the same rows | %.2f | %,.0f |%n", copySeconds, rows / copySeconds);
    }

    /** Microseconds spent in hello, push and pull over all rounds. */
    static final java.util.concurrent.atomic.AtomicLong[] PHASES = {new java.util.concurrent.atomic.AtomicLong(),
            new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicLong()};

    /** One simulated office: its replica, its sequence and cursor, intake in its own community. */
    private static final class Office {
        final String replica;
        final String area;
        final HttpSyncTransport transport;
        String epoch;
        long sequence;
        long cursor;

        Office(String replica, String area, HttpSyncTransport transport) {
            this.replica = replica;
            this.area = area;
            this.transport = transport;
        }

        Mutation creation(Clock clock, String title) {
            ObjectNode payload = JsonNodeFactory.instance.objectNode().put("areaCode", area).put("title", title)
                    .put("reportedAt", clock.instant().toString());
            UUID id = UUID.randomUUID();
            return new Mutation(UUID.randomUUID(), ++sequence, EntityKind.INCIDENT, id, MutationKind.CREATE, null, null,
                    clock.millis() << 16, new Actor("bench", "基准"), payload);
        }

        /** One round; returns how many of its mutations were refused. Synchronised: rounds of one office never overlap. */
        synchronized int round(int mutations, Clock clock) {
            long t0 = System.nanoTime();
            HelloReply hello = transport.hello(new Hello(replica, epoch, sequence, cn.zongzhi.sync.SyncClients.SCHEMA_VERSION));
            epoch = hello.serverEpoch();
            List<Mutation> batch = new ArrayList<>();
            for (int i = 0; i < mutations; i++) {
                batch.add(creation(clock, "路灯不亮 " + sequence));
            }
            int refused = 0;
            long t1 = System.nanoTime();
            for (Outcome outcome : transport.push(new Push(batch)).outcomes()) {
                if (outcome.outcome() == OutcomeKind.REJECTED) {
                    refused++;
                }
            }
            long t2 = System.nanoTime();
            PullReply page;
            do {
                page = transport.pull(new Pull(epoch, cursor, 200));
                cursor = page.nextCursor();
            } while (page.more());
            long t3 = System.nanoTime();
            PHASES[0].addAndGet((t1 - t0) / 1000);
            PHASES[1].addAndGet((t2 - t1) / 1000);
            PHASES[2].addAndGet((t3 - t2) / 1000);
            return refused;
        }
    }
}
