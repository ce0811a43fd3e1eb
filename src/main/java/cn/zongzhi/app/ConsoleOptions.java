package cn.zongzhi.app;

import java.nio.file.Path;

/** What the console is started with: where its data lives, in which language, how big a demo to offer. */
public record ConsoleOptions(Path dataFolder, Path databasePath, String language, int demoIncidents, int demoDisputes) {
    public static final int DEFAULT_DEMO_INCIDENTS = 20_000;
    public static final int DEFAULT_DEMO_DISPUTES = 500;
}
