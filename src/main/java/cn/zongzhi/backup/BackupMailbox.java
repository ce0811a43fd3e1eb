package cn.zongzhi.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How {@code zongzhi backup} reaches a running console. The console holds the database file exclusively
 * (H2's lock), and opening a network port to it would expose the data, so the command leaves a request in a
 * folder beside the database and the console, which checks that folder every second, takes the backup and
 * leaves the answer. Only someone who can write in the data folder can ask.
 */
public final class BackupMailbox {
    private static final String REQUEST = ".request";
    private static final String ANSWER = ".answer";

    private final Path folder;

    public BackupMailbox(Path databaseFile) {
        String name = databaseFile.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
        this.folder = databaseFile.toAbsolutePath().getParent().resolve(name + ".backup-requests");
    }

    public Path folder() {
        return folder;
    }

    /** The console's answer: the manifest's summary on success, or a message key and its arguments. */
    public record Answer(boolean done, String text) {
    }

    /**
     * Asks the console for a backup to {@code out} and waits for the answer. Empty when no console picked the
     * request up within {@code pickUp} (the request is withdrawn then).
     */
    public java.util.Optional<Answer> ask(Path out, Duration pickUp, Duration finish) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        Path request = folder.resolve(id + REQUEST);
        Path answer = folder.resolve(id + ANSWER);
        try {
            Files.createDirectories(folder);
            Path partial = folder.resolve(id + ".writing");
            Files.writeString(partial, out.toAbsolutePath().toString(), StandardCharsets.UTF_8);
            Files.move(partial, request, StandardCopyOption.ATOMIC_MOVE);
            long pickUpBy = System.nanoTime() + pickUp.toNanos();
            long finishBy = System.nanoTime() + finish.toNanos();
            while (true) {
                if (Files.exists(answer)) {
                    List<String> lines = Files.readAllLines(answer, StandardCharsets.UTF_8);
                    Files.deleteIfExists(answer);
                    return java.util.Optional.of(new Answer(!lines.isEmpty() && "DONE".equals(lines.get(0)),
                            String.join("\n", lines.subList(Math.min(1, lines.size()), lines.size()))));
                }
                boolean pickedUp = !Files.exists(request);
                if (!pickedUp && System.nanoTime() > pickUpBy) {
                    if (Files.deleteIfExists(request)) {
                        return java.util.Optional.empty();
                    }
                    // picked up in the same instant: wait for its answer
                }
                if (System.nanoTime() > finishBy) {
                    return java.util.Optional.of(new Answer(false, "backup.refused.noAnswer"));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot leave the backup request in " + folder, e);
        }
    }

    /**
     * Answers requests every second on a daemon thread of its own until the returned executor is shut down.
     * A failure to serve one round is reported to {@code onFailure} and the next round tries again.
     */
    public java.util.concurrent.ScheduledExecutorService serveEverySecond(Function<Path, String> backup,
                                                                         java.util.function.Consumer<RuntimeException> onFailure) {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zongzhi-backup-mailbox");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                serve(backup);
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        return timer;
    }

    /**
     * The console's side: answers every waiting request with {@code backup} (which returns the answer text
     * for a finished backup or throws). Called on a timer, off the FX thread.
     */
    public void serve(Function<Path, String> backup) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> requests;
        try (Stream<Path> files = Files.list(folder)) {
            requests = files.filter(path -> path.getFileName().toString().endsWith(REQUEST)).toList();
        } catch (IOException e) {
            return;
        }
        for (Path request : requests) {
            String id = request.getFileName().toString().replace(REQUEST, "");
            Path taken = folder.resolve(id + ".taken");
            try {
                // Taking the request first tells the waiting command that a console is at work on it.
                Files.move(request, taken, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                continue;
            }
            String reply;
            try {
                Path out = Path.of(Files.readString(taken, StandardCharsets.UTF_8).trim());
                reply = "DONE\n" + backup.apply(out);
            } catch (BackupRefused refused) {
                reply = "FAILED\n" + refused.key();
            } catch (RuntimeException | IOException e) {
                reply = "FAILED\nbackup.refused.failed\n" + e.getClass().getSimpleName();
            }
            try {
                Path partial = folder.resolve(id + ".answering");
                Files.writeString(partial, reply, StandardCharsets.UTF_8);
                Files.move(partial, folder.resolve(id + ANSWER), StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(taken);
            } catch (IOException ignored) {
                // the command times out and says so
            }
        }
    }
}
