package cn.zongzhi.backup;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.db.Database;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Consistent backups of the local database and their checked restore. A backup is a zip holding the database
 * file (from H2's online {@code BACKUP TO}, so it can be taken while the console works) and a manifest. A
 * check opens a copy of the database and compares it with the manifest; a restore runs the check first and
 * keeps the database it replaces beside it, so nothing saved is lost by restoring the wrong file.
 */
public final class BackupService {
    static final String DATABASE_ENTRY = "zongzhi.mv.db";
    static final String MANIFEST_ENTRY = "manifest.json";
    /** A database file larger than this in a backup is not ours (the 1,000,000-incident database is ~2 GB). */
    private static final long LARGEST_DATABASE = 64L * 1024 * 1024 * 1024;

    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public BackupService(Clock clock) {
        this.clock = clock;
    }

    /** Writes a backup of the open database to {@code out}; the file appears only when complete. */
    public BackupManifest create(Database database, Path out) {
        Path folder = out.toAbsolutePath().getParent();
        Path h2Zip = null;
        Path partial = null;
        try {
            Files.createDirectories(folder);
            h2Zip = Files.createTempFile(folder, ".zongzhi-h2-", ".zip");
            Files.delete(h2Zip);
            BackupRepository repository = new BackupRepository(database.dsl());
            // Counts first, then the snapshot: rows written in between are in the file but not counted, which
            // the check allows (the file may hold more, never fewer, than the manifest says).
            var counts = repository.counts();
            Long auditHead = repository.auditHead();
            repository.h2Backup(h2Zip);
            partial = Files.createTempFile(folder, ".zongzhi-backup-", ".part");
            String sha256;
            long bytes;
            try (ZipFile h2 = new ZipFile(h2Zip.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                ZipEntry dbEntry = h2.stream().filter(entry -> entry.getName().endsWith(".mv.db")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("H2 wrote a backup without the database file"));
                zip.putNextEntry(new ZipEntry(DATABASE_ENTRY));
                MessageDigest digest = sha256();
                try (InputStream in = new DigestInputStream(h2.getInputStream(dbEntry), digest)) {
                    bytes = in.transferTo(zip);
                }
                zip.closeEntry();
                sha256 = HexFormat.of().formatHex(digest.digest());
                BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, clock.instant(), repository.replicaId(),
                        repository.officeCode(), repository.schemaVersion(), sha256, bytes, counts, auditHead);
                zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
                zip.write(json.writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.finish();
                zip.close();
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                partial = null;
                return manifest;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + out, e);
        } finally {
            deleteQuietly(h2Zip);
            deleteQuietly(partial);
        }
    }

    /**
     * Checks a backup file: a zip of ours with a manifest, a database whose hash matches, that opens, holds at
     * least the rows the manifest counted and an intact audit chain. {@code expectedReplica} (may be null)
     * refuses another installation's backup unless {@code acceptOtherInstallation}.
     */
    public BackupManifest check(Path file, UUID expectedReplica, boolean acceptOtherInstallation, Path scratch) {
        if (!Files.isRegularFile(file)) {
            throw new BackupRefused("backup.refused.missing", file);
        }
        BackupManifest manifest;
        Path database = scratch.resolve(DATABASE_ENTRY);
        try {
            Files.createDirectories(scratch);
            manifest = unpack(file, database);
        } catch (ZipException e) {
            throw new BackupRefused("backup.refused.notZip", file.getFileName());
        } catch (java.io.EOFException e) {
            throw new BackupRefused("backup.refused.truncated", file.getFileName());
        } catch (IOException e) {
            throw new BackupRefused("backup.refused.unreadable", file.getFileName(), e.getClass().getSimpleName());
        }
        if (expectedReplica != null && !expectedReplica.equals(manifest.replicaId()) && !acceptOtherInstallation) {
            throw new BackupRefused("backup.refused.otherInstallation", manifest.officeCode(), manifest.replicaId());
        }
        try (Database opened = Database.open(database)) {
            BackupRepository repository = new BackupRepository(opened.dsl());
            for (var expected : manifest.counts().entrySet()) {
                int found = repository.counts().getOrDefault(expected.getKey(), 0);
                if (found < expected.getValue()) {
                    throw new BackupRefused("backup.refused.rowsMissing", expected.getKey(), expected.getValue(), found);
                }
            }
            AuditRepository.Verification audit = new AuditRepository(opened.dsl()).verify();
            if (!audit.intact()) {
                throw new BackupRefused("backup.refused.auditBroken", audit.brokenAt());
            }
        } catch (BackupRefused refused) {
            throw refused;
        } catch (cn.zongzhi.db.DatabaseKeyException keyProblem) {
            throw new BackupRefused("backup.refused.key." + keyProblem.problem().name());
        } catch (RuntimeException e) {
            throw new BackupRefused("backup.refused.wontOpen", e.getClass().getSimpleName());
        }
        return manifest;
    }

    /**
     * Replaces the database at {@code databaseFile} (which no program may have open) with a checked backup.
     * The replaced file is kept as {@code NAME.before-restore-TIME.mv.db}; returns where.
     */
    public Path restore(Path file, Path databaseFile, UUID expectedReplica, boolean acceptOtherInstallation) {
        Path target = databaseFile.toAbsolutePath();
        Path folder = target.getParent();
        Path scratch = null;
        try {
            Files.createDirectories(folder);
            scratch = Files.createTempDirectory(folder, ".zongzhi-restore-");
            check(file, expectedReplica, acceptOtherInstallation, scratch);
            // The check opened the copy, which may have migrated or compacted it; take the file as it was sent.
            Path restored = scratch.resolve("restored.mv.db");
            unpack(file, restored);
            Path kept = null;
            if (Files.exists(target)) {
                String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(clock.instant().atOffset(ZoneOffset.UTC));
                String name = target.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
                kept = folder.resolve(name + ".before-restore-" + stamp + ".mv.db");
                Files.move(target, kept);
            }
            Files.move(restored, target, StandardCopyOption.ATOMIC_MOVE);
            cn.zongzhi.incidents.IncidentTextIndex.discardFor(target);
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + target, e);
        } finally {
            deleteTree(scratch);
        }
    }

    /** Reads the manifest and writes the database entry to {@code database}, checking size and hash. */
    private BackupManifest unpack(Path file, Path database) throws IOException {
        BackupManifest manifest = null;
        boolean sawDatabase = false;
        String sha256 = null;
        long bytes = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (MANIFEST_ENTRY.equals(entry.getName())) {
                    byte[] text = zip.readNBytes(1024 * 1024);
                    try {
                        manifest = json.readValue(text, BackupManifest.class);
                    } catch (IOException e) {
                        throw new BackupRefused("backup.refused.notOurs", file.getFileName());
                    }
                } else if (DATABASE_ENTRY.equals(entry.getName())) {
                    MessageDigest digest = sha256();
                    try (OutputStream out = Files.newOutputStream(database)) {
                        byte[] buffer = new byte[1 << 16];
                        DigestInputStream in = new DigestInputStream(zip, digest);
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            bytes += read;
                            if (bytes > LARGEST_DATABASE) {
                                throw new BackupRefused("backup.refused.notOurs", file.getFileName());
                            }
                            out.write(buffer, 0, read);
                        }
                    }
                    sha256 = HexFormat.of().formatHex(digest.digest());
                    sawDatabase = true;
                }
            }
        }
        if (manifest == null || !sawDatabase || !BackupManifest.FORMAT.equals(manifest.format())) {
            throw new BackupRefused("backup.refused.notOurs", file.getFileName());
        }
        if (!Objects.equals(manifest.databaseSha256(), sha256) || manifest.databaseBytes() != bytes) {
            throw new BackupRefused("backup.refused.corrupt", file.getFileName());
        }
        return manifest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover temporary file in the backup's folder; it is hidden and harmless
            }
        }
    }

    private static void deleteTree(Path folder) {
        if (folder == null) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(BackupService::deleteQuietly);
        } catch (IOException ignored) {
            // as above
        }
    }

    /** For messages: when a manifest says it was taken. */
    public static String describe(Instant createdAt) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(createdAt.atZone(java.time.ZoneId.of("Asia/Shanghai")));
    }
}
