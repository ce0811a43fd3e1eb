package cn.zongzhi.app;

import cn.zongzhi.auth.AccountService;
import cn.zongzhi.auth.DemoDistrictLoader;
import cn.zongzhi.auth.LoginController;
import cn.zongzhi.auth.LoginViewModel;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.PasswordHasher;
import cn.zongzhi.auth.SetupController;
import cn.zongzhi.auth.SetupViewModel;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import cn.zongzhi.gridmap.GoogleMapsProbe;
import cn.zongzhi.gridmap.GridMapService;
import cn.zongzhi.gridmap.MapNavigation;
import cn.zongzhi.gridmap.MapRepository;
import cn.zongzhi.gridmap.PlacePanelRepository;
import cn.zongzhi.gridmap.GridLocator;
import cn.zongzhi.gridmap.GridMapController;
import cn.zongzhi.gridmap.GridMapViewModel;
import cn.zongzhi.gridmap.GridLocators;
import cn.zongzhi.incidents.DeadlineRule;
import cn.zongzhi.incidents.EscalationService;
import cn.zongzhi.incidents.IncidentExportService;
import cn.zongzhi.incidents.IncidentImportService;
import cn.zongzhi.incidents.IncidentQueueController;
import cn.zongzhi.incidents.IncidentTransferViewModel;
import cn.zongzhi.incidents.IncidentQueueViewModel;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncidentController;
import cn.zongzhi.incidents.NewIncidentViewModel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.office.Installation;
import cn.zongzhi.office.InstallationService;
import cn.zongzhi.settings.SettingsController;
import cn.zongzhi.settings.SettingsViewModel;
import cn.zongzhi.shell.MainWindowController;
import cn.zongzhi.shell.MainWindowViewModel;
import cn.zongzhi.shell.NotBuiltController;
import cn.zongzhi.shell.Section;
import cn.zongzhi.shell.StartupController;
import cn.zongzhi.sync.SyncClients;
import cn.zongzhi.sync.SyncControl;
import cn.zongzhi.sync.SyncController;
import cn.zongzhi.sync.SyncReviewService;
import cn.zongzhi.sync.SyncScheduler;
import cn.zongzhi.sync.SyncViewModel;
import cn.zongzhi.sync.SyncWords;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The composition root: the one place that builds the database, services, view models and controllers
 * and wires them together. Nothing else creates a service or reaches for a global.
 */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final java.time.Duration SYNC_FIRST_ROUND_AFTER = java.time.Duration.ofSeconds(5);

    private final ConsoleOptions options;
    private final AppConfig config;
    private final Messages messages;
    private final Clock clock;
    /** The one hybrid clock of this console: every service that stamps changes, and sync, which observes the city's. */
    private final HybridClock hlc;
    private final BackgroundRunner runner;
    private final DemoLoaderFactory demoLoaders;

    private Stage stage;
    private Database database;
    private Installation installation;
    private Operator operator;
    private MainWindowController mainWindow;
    private IncidentService incidentService;
    /** The queue's free-text index beside the database; built and kept up to date in the background. */
    private cn.zongzhi.incidents.IncidentTextIndex textIndex;
    private final java.util.List<Runnable> stopOnExit = new java.util.ArrayList<>();
    private java.util.concurrent.ScheduledExecutorService escalationTimer;
    private volatile GridLocator gridLocator;
    /** Moves when the city's reference data arrives, so a locator built from the tables before it is not kept. */
    private final java.util.concurrent.atomic.AtomicLong referenceGeneration = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The one working-day calendar behind deadlines, figures and the mediation calendar: read once, forgotten when the
     * city publishes holidays.
     */
    private CalendarService sharedCalendar;
    /** The incident deadlines on that calendar: the service's and the queue's, built once. */
    private DeadlineRule incidentDeadlines;

    private synchronized CalendarService calendarService() {
        if (sharedCalendar == null) {
            sharedCalendar = new CalendarService(database.dsl());
        }
        return sharedCalendar;
    }
    private StartupController startupScreen;
    private IncidentQueueViewModel queueViewModel;
    private GridMapController gridMapController;
    private cn.zongzhi.mediation.DisputeDeskViewModel disputeDesk;
    private cn.zongzhi.mediation.MediationCalendarViewModel mediationCalendar;
    private java.util.function.Function<javafx.stage.Window, java.util.List<java.nio.file.Path>> photoChooser;
    private SyncScheduler syncScheduler;
    private SyncControl syncControl;
    private boolean syncStarted;

    /** Builds the demo loader once the database is open; the demo feature itself lives elsewhere. */
    @FunctionalInterface
    public interface DemoLoaderFactory {
        DemoDistrictLoader create(Database database, Installation installation, ConsoleOptions options);
    }

    public Console(ConsoleOptions options, Clock clock, BackgroundRunner runner, DemoLoaderFactory demoLoaders) {
        this.options = options;
        this.config = AppConfig.load(options.dataFolder());
        this.messages = Messages.forLanguage(options.language() != null ? options.language() : config.get("ui.language"));
        // Components that read the JVM's locale (CalendarFX's texts and date formats) follow the console's language.
        java.util.Locale.setDefault(messages.locale());
        this.clock = clock;
        this.hlc = new HybridClock(clock);
        this.runner = runner;
        this.demoLoaders = demoLoaders;
    }

    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        stage.setTitle(messages.text("app.title"));
        ViewLoader.Loaded startup = loader().load(Screen.STARTUP);
        startupScreen = startup.controller(StartupController.class);
        stage.setScene(new Scene(startup.root(), 1280, 800));
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.show();
        runner.write(this::openDatabase, this::afterOpen, failure -> {
            LOG.error("cannot open the database {}", options.databasePath(), failure);
            startupScreen.showFailure(failure instanceof cn.zongzhi.db.DatabaseUpgradeException upgrade
                    ? upgrade.noRoomForTheCopy()
                            ? messages.text("shell.startup.upgradeNoRoom", options.databasePath().toString(),
                                    upgrade.neededMegabytes(), upgrade.freeMegabytes())
                            : messages.text("shell.startup.upgradeFailed", options.databasePath().toString(), upgrade.reason())
                    : messages.text("shell.startup.failed", options.databasePath().toString(),
                            failure instanceof cn.zongzhi.db.DatabaseKeyException keyProblem ? keyProblem.sentence()
                                    : Database.isLockedByAnotherProcess(failure) ? messages.text("shell.startup.inUse")
                                    : failure.getMessage()));
        });
    }

    /** Opens and migrates the database; true when it still needs its first administrator. Never on the FX thread. */
    boolean openDatabase() {
        // A new file runs every migration too; only an existing one is "upgraded" in the words on the screen.
        boolean upgradingAnExistingFile = Database.exists(options.databasePath());
        database = Database.openTelling(options.databasePath(), (step, steps, description) -> {
            if (upgradingAnExistingFile) {
                runner.toUi(() -> startupScreen.showUpgrading(messages.text("shell.startup.upgrading", step, steps)));
            }
        });
        try {
            textIndex = cn.zongzhi.incidents.IncidentTextIndex.open(cn.zongzhi.incidents.IncidentTextIndex.folderFor(database.file()),
                    new cn.zongzhi.incidents.IncidentSearchRepository(database.dsl()));
            textIndex.start(java.time.Duration.ofSeconds(2));
        } catch (RuntimeException unavailable) {
            // The console works without it: the queue then searches the database (slower on a large one).
            LOG.warn("search index not available; searches read the database: {}", unavailable.toString());
            textIndex = null;
        }
        new CalendarService(database.dsl()).seedBundledIfEmpty();
        installation = new InstallationService(database.dsl(), config, clock).ensureInstallation();
        startBackupMailbox();
        return accounts().needsFirstAdministrator();
    }

    /**
     * {@code zongzhi backup} run while the console holds the database asks through a folder beside it; the
     * console answers every second. The backup runs on the reader side: H2's BACKUP TO copies a snapshot.
     */
    private void startBackupMailbox() {
        cn.zongzhi.backup.BackupMailbox mailbox = new cn.zongzhi.backup.BackupMailbox(database.file());
        cn.zongzhi.backup.BackupService backups = new cn.zongzhi.backup.BackupService(clock);
        var timer = mailbox.serveEverySecond(out -> {
            var manifest = backups.create(database, out);
            new cn.zongzhi.audit.AuditRepository(database.dsl()).append(new cn.zongzhi.audit.AuditRepository.AuditEntry(
                    java.time.OffsetDateTime.now(clock), operator == null ? null : operator.id(),
                    operator == null ? null : operator.displayName(), "BACKUP", "database", null,
                    "requested from the command line; sha256=" + manifest.databaseSha256()));
            LOG.info("backup made on request from the command line");
            return manifest.summary(messages);
        }, failure -> LOG.warn("backup request not served: {}", failure.getClass().getName()));
        stopOnExit.add(timer::shutdownNow);
    }

    /** The letters this office's case numbers begin with: named at first start, else the settings'. */
    private String casePrefix() {
        return installation.casePrefixOr(config.get("office.casePrefix"));
    }

    private void afterOpen(boolean needsAdministrator) {
        show(needsAdministrator ? Screen.SETUP : Screen.LOGIN);
    }

    private void signedIn(Operator signedIn) {
        // The demo may have been loaded a moment ago: read the flag again before the shell shows it.
        runner.read(() -> new InstallationService(database.dsl(), config, clock).ensureInstallation(), current -> {
            installation = current;
            operator = signedIn;
            LOG.info("operator signed in (role {})", signedIn.role());
            ViewLoader.Loaded shell = loader().load(Screen.MAIN_WINDOW);
            mainWindow = shell.controller(MainWindowController.class);
            stage.getScene().setRoot(shell.root());
            mainWindow.useScreenLock(new cn.zongzhi.auth.ScreenLockViewModel(accounts(), signedIn, runner, messages, config.zone(),
                    java.time.Duration.ofMinutes(Long.parseLong(config.get("security.lockAfterMinutes"))), clock.instant()));
            mainWindow.installShortcuts(stage.getScene());
            startEscalationSweeps();
            startSync();
        }, failure -> LOG.error("cannot read the installation", failure));
    }

    /**
     * Sync rounds run on the scheduler's own thread from a few seconds after sign-in (the first screen loads
     * first). The status bar follows the scheduler's events on the FX thread. Not enrolled: no round runs and the
     * status bar says so.
     */
    private void startSync() {
        if (syncStarted) {
            return;
        }
        syncStarted = true;
        SyncControl sync = syncControl();
        MainWindowController window = mainWindow;
        sync.addListener(status -> runner.toUi(() -> window.showSync(status)));
        runner.read(sync::status, window::showSync, failure -> LOG.warn("cannot read the sync status: {}", failure.getClass().getName()));
        syncScheduler.start(SYNC_FIRST_ROUND_AFTER);
    }

    /** The scheduler, built once the database is open; started after sign-in, closed with the console. */
    private SyncControl syncControl() {
        if (syncControl == null) {
            java.net.http.HttpClient http = cityHttp();
            String officeArea = installation.areaCode();
            var dsl = database.dsl();
            syncScheduler = new SyncScheduler(dsl, () -> SyncClients.fromEnrollment(dsl, http, hlc, clock, null, officeArea), clock,
                    java.time.Duration.ofSeconds(Long.parseLong(config.get("sync.intervalSeconds"))),
                    () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
            syncControl = SyncControl.of(syncScheduler);
            // Grids and holidays the city published take effect without a restart.
            syncScheduler.addReferenceListener(() -> {
                referenceGeneration.incrementAndGet();
                gridLocator = null;
                calendarService().forget();
            });
        }
        return syncControl;
    }

    private java.net.http.HttpClient cityHttp;

    /** One HTTP client for every call to the city server (sync rounds, publishing): its connections are shared. */
    private synchronized java.net.http.HttpClient cityHttp() {
        if (cityHttp == null) {
            cityHttp = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
        }
        return cityHttp;
    }

    /** The city office's administrator publishes this console's reference data (decision 0016). */
    private cn.zongzhi.sync.ReferencePublisher.Published publishReferenceData(java.util.function.BooleanSupplier cancelled,
                                                                            cn.zongzhi.sync.ReferencePublisher.Progress progress) {
        cn.zongzhi.sync.SyncTransport transport = SyncClients.transportFromEnrollment(database.dsl(), cityHttp(), null)
                .orElseThrow(() -> new cn.zongzhi.sync.SyncTransport.Unavailable(0, "not-enrolled", "not enrolled"));
        return new cn.zongzhi.sync.ReferencePublisher(database.dsl(), transport).publish(cancelled, progress);
    }

    /** Deadlines are chased on a timer (催办 / 督办); the sweep's writes go through the one writer thread. */
    private void startEscalationSweeps() {
        if (escalationTimer != null) {
            return;
        }
        // Lateness in working time on the same calendar and hours as the deadlines it is measured against.
        EscalationService escalation = new EscalationService(database.dsl(), incidents(), clock,
                new cn.zongzhi.calendar.WorkingTime(calendarService()::calendar, WorkingHours.from(config), config.zone()));
        escalationTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(FxBackgroundRunner.named("zongzhi-escalation"));
        escalationTimer.scheduleWithFixedDelay(() -> runner.write(escalation::sweep,
                        sweep -> LOG.info("escalation sweep: {} urged, {} supervised", sweep.urged(), sweep.supervised()),
                        failure -> LOG.warn("escalation sweep failed: {}", failure.getClass().getName())),
                1, 10, java.util.concurrent.TimeUnit.MINUTES);
    }

    /** For the screen-loading test: act as if this account had signed in. */
    void useOperator(Operator signedIn) {
        this.operator = signedIn;
    }

    /** For the flow tests: the intake form's photos come from here instead of a file dialog, which cannot run headless. */
    void usePhotoChooser(java.util.function.Function<javafx.stage.Window, java.util.List<java.nio.file.Path>> chooser) {
        this.photoChooser = chooser;
    }

    private Node screenFor(Section section) {
        return switch (section) {
            case MAP -> loader().load(Screen.GRID_MAP).root();
            case DASHBOARD -> loader().load(Screen.DASHBOARD).root();
            case INCIDENTS -> loader().load(Screen.INCIDENT_QUEUE).root();
            case MEDIATION -> loader().load(Screen.MEDIATION_DESK).root();
            case SETTINGS -> loader().load(Screen.SETTINGS).root();
            case SYNC -> loader().load(Screen.SYNC).root();
            default -> {
                ViewLoader.Loaded notBuilt = loader().load(Screen.NOT_BUILT);
                notBuilt.controller(NotBuiltController.class)
                        .describe(messages.text(section.titleKey()), messages.text(section.notBuiltKey()));
                yield notBuilt.root();
            }
        };
    }

    private void show(Screen screen) {
        Parent root = loader().load(screen).root();
        stage.getScene().setRoot(root);
    }

    private Consumer<StoredIncident> pendingIntakeCallback = stored -> { };

    private void openIntake(Consumer<StoredIncident> onSaved) {
        // Ctrl+N while a form is open or put aside leads back to it: an empty form must not replace a call.
        if (mainWindow.returnToOverlay()) {
            return;
        }
        pendingIntakeCallback = onSaved;
        ViewLoader.Loaded form = loader().load(Screen.NEW_INCIDENT);
        mainWindow.showOverlay(form.root(), form.controller(NewIncidentController.class)::hasInput);
    }

    /** One incident service per console: its locator and calendar are built once, on first use. */
    private IncidentService incidents() {
        if (incidentService == null) {
            incidentService = new IncidentService(database.dsl(), incidentDeadlines(), this::locate, hlc, clock,
                    config.zone(), installation.officeCode(), casePrefix(), textIndex);
            // 重新报送 from the queue is the sync screen's resubmission; the status bar's counts follow it as they do there.
            incidentService.useCityResubmission(incidentId -> {
                boolean resubmitted = new SyncReviewService(database.dsl(), null).resubmit(incidentId);
                SyncControl sync = syncControl;
                if (sync != null) {
                    sync.announce();
                }
                return resubmitted;
            });
        }
        return incidentService;
    }

    /**
     * Deadlines on the office's working-day calendar: the service's time limits and the queue's extension dates, one
     * rule for both, built on first use. It asks the shared calendar for its days at every count, so holidays the city
     * publishes (which make the calendar forget its days) count at once without building it again.
     */
    synchronized DeadlineRule incidentDeadlines() {
        if (incidentDeadlines == null) {
            // The checked count: a deadline past the years the calendar holds is set, and flagged (CalendarDeadlines).
            incidentDeadlines = new CalendarDeadlines(calendarService()::calendar, WorkingHours.from(config), config.zone());
        }
        return incidentDeadlines;
    }

    private IncidentService.Location locate(double longitude, double latitude) {
        GridLocator locator = gridLocator;
        if (locator == null) {
            long generation = referenceGeneration.get();
            locator = GridLocators.fromDatabase(database.dsl());
            if (referenceGeneration.get() == generation) {
                // Built from the tables as they are now: kept (one built across a publication is used once, not kept).
                gridLocator = locator;
            }
        }
        return locator.locate(longitude, latitude)
                .map(grid -> new IncidentService.Location(grid.areaCode(), grid.id()))
                .orElse(IncidentService.Location.UNKNOWN);
    }

    /** The dashboard's links: a figure's cases in the queue or on the mediation desk, a hot spot on the map. */
    private final class DashboardLinks implements cn.zongzhi.dashboard.DashboardViewModel.Navigator {
        @Override
        public void showIncidents(cn.zongzhi.incidents.IncidentFilter cases, String label) {
            mainWindow.open(Section.INCIDENTS);
            queueViewModel.showCases(cases, label);
        }

        @Override
        public void showDisputes(cn.zongzhi.reports.CasesBehind.DisputeSelection cases, String label) {
            mainWindow.open(Section.MEDIATION);
            if (disputeDesk != null) {
                disputeDesk.showSelection(cases.areaCodePrefix(), cases.from(), cases.to(), cases.basis().name(), label);
            }
        }

        @Override
        public void showGridOnMap(String gridCode) {
            mainWindow.open(Section.MAP);
            if (gridMapController != null) {
                gridMapController.focus(gridCode);
            }
        }
    }

    /** The map's links into the queue: switch to the queue section (built on first use), then narrow it. */
    private final class QueueFromMap implements MapNavigation {
        @Override
        public void showIncidentsOfGrid(java.util.UUID gridId, String label) {
            queue().showPlace(new IncidentQueueViewModel.PlaceFilter(gridId, null, label));
        }

        @Override
        public void showIncidentsOfArea(String areaCode, String label) {
            queue().showPlace(new IncidentQueueViewModel.PlaceFilter(null, areaCode, label));
        }

        @Override
        public void showIncident(java.util.UUID incidentId, String caseNo) {
            queue().showIncident(incidentId, caseNo);
        }

        @Override
        public void showNotLocated() {
            queue().showNotLocated();
        }

        private IncidentQueueViewModel queue() {
            mainWindow.open(Section.INCIDENTS);
            return queueViewModel;
        }
    }

    private AccountService accounts() {
        return new AccountService(database.dsl(), PasswordHasher.standard(), clock);
    }

    ViewLoader loader() {
        return new ViewLoader(messages, this::createController);
    }

    Object createController(Class<?> type) {
        if (type == StartupController.class) {
            return new StartupController();
        }
        if (type == SetupController.class) {
            return new SetupController(new SetupViewModel(accounts(),
                    demoLoaders.create(database, installation, options), runner, messages, config.zone(),
                    new cn.zongzhi.auth.OfficeDetails(installation.officeCode(), installation.officeName(),
                            installation.officeLevel(), installation.areaCode(), casePrefix()),
                    // On the writer thread; the console reads the installation again when the administrator is signed in.
                    office -> new InstallationService(database.dsl(), config, clock).serve(office.code(), office.name(),
                            office.level(), office.areaCode(), office.casePrefix()),
                    this::signedIn));
        }
        if (type == LoginController.class) {
            return new LoginController(new LoginViewModel(accounts(), runner, messages, config.zone(), this::signedIn));
        }
        if (type == GridMapController.class) {
            GridMapService maps = new GridMapService(new MapRepository(database.dsl()),
                    new PlacePanelRepository(database.dsl()), clock, config.zone(), cn.zongzhi.auth.Access.scope(operator));
            java.net.URI probeUrl = java.net.URI.create(config.get("map.google.probeUrl"));
            java.time.Duration probeTimeout = java.time.Duration.ofSeconds(Long.parseLong(config.get("map.google.probeSeconds")));
            GridMapController controller = new GridMapController(new GridMapViewModel(maps, runner, messages,
                    new QueueFromMap(), config.get("map.google.apiKey"), () -> new GoogleMapsProbe(probeUrl, probeTimeout)),
                    javafx.util.Duration.seconds(Double.parseDouble(config.get("map.google.timeoutSeconds"))));
            stopOnExit.add(controller::stop);
            gridMapController = controller;
            return controller;
        }
        if (type == cn.zongzhi.dashboard.DashboardController.class) {
            CalendarService calendar = calendarService();
            var kpis = new cn.zongzhi.reports.KpiService(database.dsl(), calendar::calendar, WorkingHours.from(config), messages);
            // The refresh reads its breakdowns here while its reader thread counts the figures (decision 0012).
            var sideReads = java.util.concurrent.Executors.newSingleThreadExecutor(FxBackgroundRunner.named("zongzhi-dashboard-reader"));
            stopOnExit.add(sideReads::shutdownNow);
            var dashboard = new cn.zongzhi.dashboard.DashboardViewModel(new cn.zongzhi.reports.MonthlyReportService(database.dsl(),
                    kpis, messages, sideReads), runner, messages, clock, config.zone(), operator, new DashboardLinks());
            dashboard.useAreas(() -> incidents().towns());
            return new cn.zongzhi.dashboard.DashboardController(dashboard);
        }
        if (type == IncidentQueueController.class) {
            IncidentQueueViewModel queue = new IncidentQueueViewModel(incidents(), runner, messages, operator, clock, incidentDeadlines());
            queueViewModel = queue;
            IncidentTransferViewModel transfer = new IncidentTransferViewModel(
                    new IncidentImportService(database.dsl(), this::locate, installation.officeCode(), casePrefix()),
                    new IncidentExportService(database.dsl(), config.zone(), clock), runner, messages, queue::currentFilter,
                    queue::refresh, operator, rows -> {
                        // A large import leaves the file mostly empty space, which only a close can give back.
                        if (rows >= COMPACT_AFTER_IMPORTED_ROWS) {
                            database.compactWhenClosed();
                        }
                    });
            IncidentQueueController controller = new IncidentQueueController(queue, transfer, messages, config.zone(), this::openIntake);
            controller.useDisputeDesk(detail -> {
                mainWindow.open(Section.MEDIATION);
                // The reporter goes across in clear only where the account may reveal them, and audited as a reveal.
                disputeDesk.startIntakeFromIncident(detail.id(), detail.caseNo(), detail.title(), detail.description(),
                        detail.address(), () -> incidents().handOverReporter(detail.id(), operator)
                                ? new cn.zongzhi.mediation.DisputeDeskViewModel.IncidentReporter(detail.reporterName(),
                                        detail.reporterPhone())
                                : null);
            });
            stopOnExit.add(controller::stop);
            return controller;
        }
        if (type == NewIncidentController.class) {
            Consumer<StoredIncident> onSaved = pendingIntakeCallback;
            NewIncidentViewModel intake = new NewIncidentViewModel(incidents(), runner, messages, operator,
                    stored -> {
                        mainWindow.closeOverlay();
                        onSaved.accept(stored);
                    });
            intake.useZone(config.zone());
            intake.useMap(() -> new GridMapService(new MapRepository(database.dsl()), new PlacePanelRepository(database.dsl()),
                    clock, config.zone()).loadScene(cn.zongzhi.common.Progress.NONE));
            NewIncidentController form = new NewIncidentController(intake, messages, () -> {
                        if (mainWindow != null) {
                            mainWindow.closeOverlay();
                        }
                    });
            if (photoChooser != null) {
                form.usePhotoChooser(photoChooser);
            }
            return form;
        }
        if (type == cn.zongzhi.mediation.DisputeDeskController.class) {
            cn.zongzhi.mediation.DisputeService disputes = new cn.zongzhi.mediation.DisputeService(database.dsl(),
                    hlc, clock, config.zone(), installation.officeCode(), casePrefix(), operator);
            // A dispute that came from an incident resolves it when it closes, where the incident's state allows.
            disputes.onLinkedIncidentClosed((incidentId, note) -> {
                try {
                    incidents().resolveFromDispute(incidentId, note, operator);
                } catch (RuntimeException notNow) {
                    LOG.info("linked incident not resolved: {}", notNow.getClass().getSimpleName());
                }
            });
            disputeDesk = new cn.zongzhi.mediation.DisputeDeskViewModel(disputes, sessionScheduler(), runner, messages, clock);
            // The desk's 预约调解… opens the calendar's booking form on the case (the calendar is built after the desk).
            disputeDesk.useBooking(disputeId -> {
                if (mediationCalendar != null) {
                    mediationCalendar.startBookingFor(disputeId);
                }
            });
            disputeDesk.useDocuments(new cn.zongzhi.mediation.MediationDocuments(config.get("office.name"), config.zone()),
                    options.dataFolder().resolve("documents"));
            return new cn.zongzhi.mediation.DisputeDeskController(disputeDesk);
        }
        if (type == cn.zongzhi.mediation.MediationCalendarController.class) {
            mediationCalendar = new cn.zongzhi.mediation.MediationCalendarViewModel(sessionScheduler(), runner, messages);
            var controller = new cn.zongzhi.mediation.MediationCalendarController(mediationCalendar);
            stopOnExit.add(controller::stop);
            return controller;
        }
        if (type == cn.zongzhi.mediation.MediationFiguresController.class) {
            return new cn.zongzhi.mediation.MediationFiguresController(new cn.zongzhi.mediation.MediationFiguresViewModel(
                    new cn.zongzhi.mediation.MediationFigures(database.dsl(), config.zone()), runner, messages, clock, config.zone()));
        }
        if (type == cn.zongzhi.auth.AccountsController.class) {
            return new cn.zongzhi.auth.AccountsController(new cn.zongzhi.auth.AccountsViewModel(accounts(), operator, runner,
                    messages, config.zone()));
        }
        if (type == cn.zongzhi.auditlog.AuditLogController.class) {
            return new cn.zongzhi.auditlog.AuditLogController(new cn.zongzhi.auditlog.AuditLogViewModel(
                    new cn.zongzhi.auditlog.AuditLogService(database.dsl(), config.zone()), operator, runner, messages), config.zone());
        }
        if (type == cn.zongzhi.sync.OfficesController.class) {
            return new cn.zongzhi.sync.OfficesController(new cn.zongzhi.sync.OfficesViewModel(new cn.zongzhi.sync.OfficeAdministration(
                    database.dsl(), () -> cn.zongzhi.sync.OfficeAdminClient.fromEnrollment(
                            new cn.zongzhi.sync.SyncCredentialRepository(database.dsl()), cityHttp()), clock),
                    () -> operator, runner, messages, config.zone()));
        }
        if (type == SyncController.class) {
            // "Keep mine" and "merge" are corrections by the signed-in operator, checked and audited as such.
            SyncViewModel sync = new SyncViewModel(syncControl(), new SyncReviewService(database.dsl(),
                    new cn.zongzhi.sync.IncidentFieldEdits(incidents(), () -> operator),
                    new cn.zongzhi.sync.TaskAnswers(database.dsl(), hlc, clock, () -> operator)), runner,
                    new SyncWords(messages, config.zone()), clock);
            if (operator != null && operator.role() == cn.zongzhi.auth.Role.ADMINISTRATOR) {
                sync.offerReferencePublishing(this::publishReferenceData);
                // Rounds read the credential afresh, so an enrollment here takes effect at the round it asks for.
                sync.offerEnrollment(SyncViewModel.Enrolling.through(new cn.zongzhi.sync.EnrollmentClient(cityHttp(), clock),
                        new cn.zongzhi.sync.SyncCredentialRepository(database.dsl())));
            }
            return new SyncController(sync);
        }
        if (type == SettingsController.class) {
            return new SettingsController(new SettingsViewModel(config, messages, options.dataFolder(), database.file()));
        }
        if (type == MainWindowController.class && operator != null) {
            return new MainWindowController(new MainWindowViewModel(messages, installation, operator, database.file(),
                    new SyncWords(messages, config.zone())),
                    // The status bar's clock is the office's, whatever zone the machine is set to.
                    this::screenFor, clock.withZone(config.zone()));
        }
        if (type == NotBuiltController.class) {
            return new NotBuiltController();
        }
        throw new IllegalStateException("no controller wiring for " + type.getName());
    }

    private cn.zongzhi.mediation.SessionScheduler sessionScheduler() {
        CalendarService calendar = calendarService();
        return new cn.zongzhi.mediation.SessionScheduler(database.dsl(), calendar::calendar, WorkingHours.from(config),
                config.zone(), hlc, installation.officeCode(), operator);
    }

    /**
     * An import at the desk of at least this many incidents has the database file compacted when the console
     * closes (decision 0020): 100,000 imported rows leave 7.6 GB holding 225 MB.
     */
    static final int COMPACT_AFTER_IMPORTED_ROWS = 10_000;

    /** Called from {@code Application.stop()}: the timers stop, queued writes finish, the database closes. */
    public void stop() {
        if (mainWindow != null) {
            mainWindow.stop();
        }
        stopOnExit.forEach(Runnable::run);
        if (syncScheduler != null) {
            // A round under way stops at its next safe point; nothing it did is lost.
            syncScheduler.close();
        }
        if (escalationTimer != null) {
            escalationTimer.shutdownNow();
        }
        if (runner instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("background threads did not stop cleanly", e);
            }
        }
        if (textIndex != null) {
            textIndex.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** For tests: the open database, once start-up has finished. */
    public Database database() {
        return database;
    }

    public Messages messages() {
        return messages;
    }

}
