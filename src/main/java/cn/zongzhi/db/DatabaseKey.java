package cn.zongzhi.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The key that encrypts the database file at rest (H2's AES file encryption). It is never stored in the
 * database or its folder by the console: it is read from a key file named by the system property
 * {@code zongzhi.db.keyFile} or the environment variable {@code ZONGZHI_DB_KEY_FILE}, so the file can sit on a
 * removable key or a location only the office's account can read.
 */
public final class DatabaseKey {
    /** Shorter keys are refused: AES-128 through H2's key derivation wants real entropy. */
    public static final int MIN_LENGTH = 16;
    private static final byte[] ENCRYPTED_HEADER = "H2encrypt".getBytes(StandardCharsets.US_ASCII);

    private DatabaseKey() {
    }

    /** The configured key, or empty when the database is kept unencrypted. */
    public static Optional<char[]> configured() {
        String path = System.getProperty("zongzhi.db.keyFile");
        if (path == null || path.isBlank()) {
            path = System.getenv("ZONGZHI_DB_KEY_FILE");
        }
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(read(Path.of(path.trim())));
    }

    /** Reads a key file: its first line, trimmed; refused when missing or too short. */
    public static char[] read(Path keyFile) {
        String key;
        try {
            key = Files.readAllLines(keyFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new DatabaseKeyException(DatabaseKeyException.Problem.KEY_FILE_UNREADABLE, keyFile.toString());
        }
        if (key.length() < MIN_LENGTH || key.contains(" ")) {
            throw new DatabaseKeyException(DatabaseKeyException.Problem.KEY_TOO_SHORT, keyFile.toString());
        }
        return key.toCharArray();
    }

    /** Whether the file on disk is H2-encrypted (it starts with H2's marker instead of the store header). */
    public static boolean isEncrypted(Path databaseFile) {
        if (!Files.isRegularFile(databaseFile)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(databaseFile)) {
            byte[] start = in.readNBytes(ENCRYPTED_HEADER.length);
            return java.util.Arrays.equals(start, ENCRYPTED_HEADER);
        } catch (IOException e) {
            return false;
        }
    }
}
