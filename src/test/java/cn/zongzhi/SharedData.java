package cn.zongzhi;

import java.nio.file.Files;
import java.nio.file.Path;

/** The third-party data beside the repository (../shared/data in a CI clone and on a developer's machine). */
public final class SharedData {
    private SharedData() {
    }

    public static Path folder() {
        Path beside = Path.of("").toAbsolutePath().getParent().resolve("shared/data");
        if (Files.isDirectory(beside)) {
            return beside;
        }
        Path workplace = Path.of("/work/shared/data");
        if (Files.isDirectory(workplace)) {
            return workplace;
        }
        throw new IllegalStateException("shared/data not found beside the repository (" + beside + ")");
    }

    public static Path file(String relative) {
        return folder().resolve(relative);
    }
}
