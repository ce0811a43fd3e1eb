package cn.zongzhi.shell;

/** The places the navigation leads to, in the order of their shortcuts (Ctrl+1 … Ctrl+6). */
public enum Section {
    MAP("shell.nav.map", null),
    INCIDENTS("shell.nav.incidents", null),
    MEDIATION("shell.nav.mediation", null),
    DASHBOARD("shell.nav.dashboard", null),
    SYNC("shell.nav.sync", null),
    SETTINGS("shell.nav.settings", null);

    private final String titleKey;
    private final String notBuiltKey;

    Section(String titleKey, String notBuiltKey) {
        this.titleKey = titleKey;
        this.notBuiltKey = notBuiltKey;
    }

    public String titleKey() {
        return titleKey;
    }

    /** What the screen will do, said plainly while it is not built yet; null for screens that exist. */
    public String notBuiltKey() {
        return notBuiltKey;
    }
}
