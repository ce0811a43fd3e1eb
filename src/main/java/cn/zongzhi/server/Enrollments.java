package cn.zongzhi.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Offices and how their installations join: the city administrator creates an office with its jurisdiction
 * and gets a one-time code; an installation trades the code for a credential of its own. Codes and
 * credentials are kept only as SHA-256 hashes.
 */
public final class Enrollments {
    /** How long a code may wait to be used. */
    public static final Duration CODE_LIFETIME = Duration.ofDays(7);
    private static final Pattern OFFICE_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,31}");
    private static final Pattern AREA_CODE = Pattern.compile("\\d{2,12}");
    private static final Pattern REPLICA = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    // No 0/O, 1/I/L: read aloud over the phone and typed by hand.
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerDatabase database;
    private final Clock clock;

    public Enrollments(ServerDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A request the server refuses, with the reason in a word a client can act on. */
    public static final class Refused extends RuntimeException {
        private final String reason;

        public Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Creates an office and returns its first enrollment code (shown once). */
    public String addOffice(String code, String name, String level, List<String> areas) {
        if (code == null || !OFFICE_CODE.matcher(code).matches()) {
            throw new Refused("bad-office-code", "office code: letters, digits and '-', 2 to 32 characters");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new Refused("bad-name", "the office needs a name (at most 200 characters)");
        }
        if (!List.of("CITY", "DISTRICT", "TOWN", "COMMUNITY").contains(level)) {
            throw new Refused("bad-level", "level: CITY, DISTRICT, TOWN or COMMUNITY");
        }
        if (areas.isEmpty() || areas.stream().anyMatch(area -> !AREA_CODE.matcher(area).matches())) {
            throw new Refused("bad-area", "at least one statistical area code of 2 to 12 digits");
        }
        return database.dsl().transactionResult(configuration -> {
            ServerRepository repository = new ServerRepository(configuration.dsl());
            if (repository.officeExists(code)) {
                throw new Refused("office-exists", "office " + code + " exists already");
            }
            repository.insertOffice(code, name.trim(), level, areas, clock.instant());
            return newCode(repository, code);
        });
    }

    /** Another code for an existing office (a new machine, a reinstalled one). */
    public String newCode(String officeCode) {
        return database.dsl().transactionResult(configuration -> {
            ServerRepository repository = new ServerRepository(configuration.dsl());
            if (!repository.officeExists(officeCode)) {
                throw new Refused("no-office", "no office " + officeCode);
            }
            return newCode(repository, officeCode);
        });
    }

    private String newCode(ServerRepository repository, String officeCode) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
        }
        Instant now = clock.instant();
        repository.insertEnrollment(sha256(normalise(code.toString())), officeCode, now, now.plus(CODE_LIFETIME));
        return code.toString();
    }

    /** What an enrolled installation receives: its office, jurisdiction and credential (shown once). */
    public record Enrolled(String officeCode, List<String> areas, String token) {
    }

    /** Trades a code for a credential; a code works once and for {@link #CODE_LIFETIME}. */
    public Enrolled enroll(String code, String replicaId) {
        if (replicaId == null || !REPLICA.matcher(replicaId).matches()) {
            throw new Refused("bad-replica", "replicaId must be a UUID");
        }
        String hash = sha256(normalise(code == null ? "" : code));
        return database.dsl().transactionResult(configuration -> {
            ServerRepository repository = new ServerRepository(configuration.dsl());
            ServerRepository.Enrollment enrollment = repository.enrollment(hash)
                    .orElseThrow(() -> new Refused("unknown-code", "this enrollment code is not known"));
            if (enrollment.used()) {
                throw new Refused("used-code", "this enrollment code has been used; ask the city for a new one");
            }
            if (clock.instant().isAfter(enrollment.expiresAt())) {
                throw new Refused("expired-code", "this enrollment code has expired; ask the city for a new one");
            }
            if (!repository.useEnrollment(hash, replicaId, clock.instant())) {
                throw new Refused("used-code", "this enrollment code has been used; ask the city for a new one");
            }
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            repository.upsertInstallation(replicaId, enrollment.officeCode(), sha256(token), clock.instant());
            return new Enrolled(enrollment.officeCode(), repository.areas(enrollment.officeCode()), token);
        });
    }

    /** The installation (replica id, office code) a credential belongs to. */
    public java.util.Optional<String[]> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return java.util.Optional.empty();
        }
        var found = new ServerRepository(database.dsl()).installationByToken(sha256(token.trim()));
        found.ifPresent(installation -> new ServerRepository(database.dsl()).seen(installation[0], clock.instant()));
        return found;
    }

    private static String normalise(String code) {
        return code.replace("-", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
