package cn.zongzhi.app;

/** Every screen of the console and the FXML file that draws it: no FXML path is built from strings elsewhere. */
public enum Screen {
    STARTUP("shell/Startup.fxml"),
    SETUP("auth/Setup.fxml"),
    LOGIN("auth/Login.fxml"),
    MAIN_WINDOW("shell/MainWindow.fxml"),
    GRID_MAP("gridmap/GridMap.fxml"),
    INCIDENT_QUEUE("incidents/IncidentQueue.fxml"),
    NEW_INCIDENT("incidents/NewIncident.fxml"),
    MEDIATION_DESK("mediation/MediationDesk.fxml"),
    MEDIATION_CALENDAR("mediation/MediationCalendar.fxml"),
    DASHBOARD("dashboard/Dashboard.fxml"),
    SYNC("sync/Sync.fxml"),
    NOT_BUILT("shell/NotBuilt.fxml"),
    SETTINGS("settings/Administration.fxml");

    private final String fxml;

    Screen(String fxml) {
        this.fxml = fxml;
    }

    /** Classpath resource of the FXML file; fxml/ is mapped under the base package by the build. */
    public String resource() {
        return "/cn/zongzhi/fxml/" + fxml;
    }
}
