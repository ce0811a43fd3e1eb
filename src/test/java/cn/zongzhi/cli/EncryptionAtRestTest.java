package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.db.DatabaseKey;
import cn.zongzhi.db.DatabaseKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database file encrypted at rest, the key kept in a file of its own, and what happens without it. */
class EncryptionAtRestTest {
    private static final String SECRET = "SECRET-community-name-42 保密社区";

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    @AfterEach
    void forgetKey() {
        System.clearProperty("zongzhi.db.keyFile");
    }

    private static boolean fileContains(Path file, String text) throws Exception {
        byte[] content = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= content.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void writeSecret(Database database) {
        database.dsl().execute("insert into admin_area(code, name, level) values ('440111009001', '" + SECRET + "', 'COMMUNITY')");
    }

    @Test
    void anEncryptedDatabaseOpensOnlyWithItsKey() throws Exception {
        Path base = folder.resolve("enc/zongzhi");
        char[] key = "a-long-enough-key-0123".toCharArray();
        try (Database database = Database.open(base, key.clone())) {
            writeSecret(database);
        }
        Path file = Path.of(base + ".mv.db");
        assertThat(DatabaseKey.isEncrypted(file)).isTrue();
        assertThat(fileContains(file, "SECRET-community-name-42")).as("nothing readable on disk").isFalse();

        assertThatThrownBy(() -> Database.open(base, null)).isInstanceOfSatisfying(DatabaseKeyException.class,
                problem -> assertThat(problem.problem()).isEqualTo(DatabaseKeyException.Problem.KEY_MISSING));
        assertThatThrownBy(() -> Database.open(base, "another-long-key-98765".toCharArray())).isInstanceOfSatisfying(
                DatabaseKeyException.class, problem -> assertThat(problem.problem()).isEqualTo(DatabaseKeyException.Problem.WRONG_KEY));
        try (Database database = Database.open(base, key.clone())) {
            assertThat(database.dsl().fetchValue("select name from admin_area where code = '440111009001'")).isEqualTo(SECRET);
        }

        Path plain = folder.resolve("plain/zongzhi");
        Database.open(plain, null).close();
        assertThatThrownBy(() -> Database.open(plain, key.clone())).isInstanceOfSatisfying(DatabaseKeyException.class,
                problem -> assertThat(problem.problem()).isEqualTo(DatabaseKeyException.Problem.NOT_ENCRYPTED));
    }

    @Test
    void encryptAnExistingDatabaseThenEveryCommandNeedsTheKeyFile() throws Exception {
        Path base = folder.resolve("office/zongzhi");
        try (Database database = Database.open(base, null)) {
            writeSecret(database);
        }
        Path file = Path.of(base + ".mv.db");
        assertThat(fileContains(file, "SECRET-community-name-42")).as("a plain file shows its text").isTrue();
        Path keyFile = folder.resolve("usb/zongzhi.key");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, "short\n");
        assertThat(Main.run("--db", base.toString(), "encrypt", "--key-file", keyFile.toString())).isEqualTo(2);
        assertThat(output.err()).contains("密钥至少 16 个字符");
        Files.writeString(keyFile, "office-key-2026-11-23-xyz\n");
        output.reset();
        assertThat(Main.run("--db", base.toString(), "encrypt", "--key-file", keyFile.toString())).isZero();
        assertThat(DatabaseKey.isEncrypted(file)).isTrue();
        assertThat(fileContains(file, "SECRET-community-name-42")).isFalse();

        output.reset();
        assertThat(Main.run("--db", base.toString(), "audit", "verify")).isEqualTo(2);
        assertThat(output.err()).contains("数据库已加密，请用 ZONGZHI_DB_KEY_FILE");
        System.setProperty("zongzhi.db.keyFile", keyFile.toString());
        output.reset();
        assertThat(Main.run("--db", base.toString(), "audit", "verify")).isZero();
        // A backup of the encrypted database stays encrypted, and checks with the key set.
        Path zip = folder.resolve("b.zip");
        assertThat(Main.run("--db", base.toString(), "backup", "--out", zip.toString())).isZero();
        assertThat(Main.run("backup", "--check", zip.toString())).isZero();
        System.clearProperty("zongzhi.db.keyFile");
        output.reset();
        assertThat(Main.run("backup", "--check", zip.toString())).isEqualTo(1);
        assertThat(output.err()).contains("备份中的数据库已加密");
    }
}
