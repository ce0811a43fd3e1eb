package cn.zongzhi.common;

import java.nio.file.Path;
import java.util.Locale;

/** Where the user's data lives: {@code -Dzongzhi.data}, else {@code ZONGZHI_DATA}, else the platform's usual folder. */
public final class AppPaths {
    private AppPaths() {
    }

    public static Path dataFolder() {
        String override = System.getProperty("zongzhi.data");
        if (override == null || override.isBlank()) {
            override = System.getenv("ZONGZHI_DATA");
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "Zongzhi");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Zongzhi");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("zongzhi");
    }

    /** The default database file's base path (H2 adds {@code .mv.db}). */
    public static Path defaultDatabase() {
        return dataFolder().resolve("zongzhi");
    }
}
