package cn.zongzhi.shell;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

public final class MainWindowController {
    private static final KeyCode[] SHORTCUT_DIGITS = {
            KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6};

    private static final javafx.css.PseudoClass ATTENTION = javafx.css.PseudoClass.getPseudoClass("attention");
    private static final javafx.css.PseudoClass OFFLINE = javafx.css.PseudoClass.getPseudoClass("offline");
    private static final javafx.css.PseudoClass PAUSED = javafx.css.PseudoClass.getPseudoClass("paused");
    private static final javafx.css.PseudoClass KEPT_FORM = javafx.css.PseudoClass.getPseudoClass("kept-form");

    private final MainWindowViewModel viewModel;
    private final Function<Section, Node> screens;
    private final Clock clock;
    private final Map<Section, Node> loaded = new EnumMap<>(Section.class);
    private final Map<Section, ToggleButton> buttons = new EnumMap<>(Section.class);
    private Timeline ticker;
    private Node overlay;
    /** The section the overlay was laid over: it shows again there after the operator looked elsewhere. */
    private Section overlaySection;
    private java.util.function.BooleanSupplier overlayHasInput = () -> false;
    /** What had the focus inside a form put aside by a section change, to give it back on return. */
    private Node overlayFocus;
    private cn.zongzhi.auth.ScreenLockViewModel screenLock;
    private Scene scene;
    private javafx.scene.Parent unlockedRoot;

    @FXML private ToggleGroup navigationGroup;
    @FXML private ToggleButton mapButton;
    @FXML private ToggleButton incidentsButton;
    @FXML private ToggleButton mediationButton;
    @FXML private ToggleButton dashboardButton;
    @FXML private ToggleButton syncButton;
    @FXML private ToggleButton settingsButton;
    @FXML private StackPane contentPane;
    @FXML private Label officeLabel;
    @FXML private Label operatorLabel;
    @FXML private Label databaseLabel;
    @FXML private Label syncLabel;
    @FXML private javafx.scene.control.Button syncIndicator;
    @FXML private Label syncLastLabel;
    @FXML private Label syncWaitingLabel;
    @FXML private Label syncRejectedLabel;
    @FXML private Label syncConflictsLabel;
    @FXML private Label demoLabel;
    @FXML private Label clockLabel;

    /** @param screens builds a section's screen the first time it is opened; kept afterwards. */
    public MainWindowController(MainWindowViewModel viewModel, Function<Section, Node> screens, Clock clock) {
        this.viewModel = viewModel;
        this.screens = screens;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        buttons.put(Section.MAP, mapButton);
        buttons.put(Section.INCIDENTS, incidentsButton);
        buttons.put(Section.MEDIATION, mediationButton);
        buttons.put(Section.DASHBOARD, dashboardButton);
        buttons.put(Section.SYNC, syncButton);
        buttons.put(Section.SETTINGS, settingsButton);
        buttons.forEach((section, button) -> {
            button.setUserData(section);
            button.setOnAction(event -> viewModel.open(section));
        });
        // A toggle group lets the selected button be clicked off; the section must always stay chosen.
        navigationGroup.selectedToggleProperty().addListener((observable, previous, current) -> {
            if (current == null && previous != null) {
                previous.setSelected(true);
            }
        });
        viewModel.sectionProperty().addListener((observable, previous, current) -> show(current));
        officeLabel.textProperty().bind(viewModel.officeProperty());
        operatorLabel.textProperty().bind(viewModel.operatorProperty());
        databaseLabel.textProperty().bind(viewModel.databaseFileProperty());
        // The path gives way first when the bar is narrow; the whole of it stays a hover away.
        javafx.scene.control.Tooltip databaseTip = new javafx.scene.control.Tooltip();
        databaseTip.textProperty().bind(viewModel.databaseFileProperty());
        databaseLabel.setTooltip(databaseTip);
        syncLabel.textProperty().bind(viewModel.syncStateProperty());
        syncLastLabel.textProperty().bind(viewModel.syncLastProperty());
        syncWaitingLabel.textProperty().bind(viewModel.syncWaitingProperty());
        syncRejectedLabel.textProperty().bind(viewModel.syncRejectedProperty());
        syncConflictsLabel.textProperty().bind(viewModel.syncConflictsProperty());
        for (Label detail : new Label[] {syncLastLabel, syncWaitingLabel, syncRejectedLabel, syncConflictsLabel}) {
            detail.visibleProperty().bind(viewModel.syncDetailsProperty());
            detail.managedProperty().bind(viewModel.syncDetailsProperty());
        }
        viewModel.syncRejectedAttentionProperty().addListener((observable, was, attention) ->
                syncRejectedLabel.pseudoClassStateChanged(ATTENTION, attention));
        viewModel.syncConflictsAttentionProperty().addListener((observable, was, attention) ->
                syncConflictsLabel.pseudoClassStateChanged(ATTENTION, attention));
        viewModel.syncStateKindProperty().addListener((observable, was, state) -> {
            // A refused credential is as much an alarm as no connection: nothing goes until someone enrolls again.
            syncLabel.pseudoClassStateChanged(OFFLINE, state == cn.zongzhi.sync.SyncState.OFFLINE
                    || state == cn.zongzhi.sync.SyncState.REFUSED);
            syncLabel.pseudoClassStateChanged(PAUSED, state == cn.zongzhi.sync.SyncState.PAUSED);
        });
        syncIndicator.setOnAction(event -> viewModel.open(Section.SYNC));
        clockLabel.textProperty().bind(viewModel.clockProperty());
        demoLabel.visibleProperty().bind(viewModel.demoProperty());
        demoLabel.managedProperty().bind(viewModel.demoProperty());
        viewModel.tick(LocalDateTime.now(clock));
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), event -> {
            viewModel.tick(LocalDateTime.now(clock));
            if (screenLock != null) {
                screenLock.check(clock.instant());
            }
        }));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
        show(viewModel.sectionProperty().get());
    }

    /**
     * Locks the window after a spell without input, and on Ctrl+L. While locked the whole window shows only
     * the password prompt; what was on screen comes back as it was.
     */
    public void useScreenLock(cn.zongzhi.auth.ScreenLockViewModel lock) {
        this.screenLock = lock;
        lock.lockedProperty().addListener((observable, was, locked) -> {
            if (scene == null) {
                return;
            }
            if (locked) {
                unlockedRoot = scene.getRoot();
                scene.setRoot(lockPane(lock));
            } else if (unlockedRoot != null) {
                scene.setRoot(unlockedRoot);
                unlockedRoot = null;
            }
        });
    }

    private javafx.scene.Parent lockPane(cn.zongzhi.auth.ScreenLockViewModel lock) {
        var messages = lock.messages();
        Label title = new Label(messages.text("lock.title"));
        title.getStyleClass().add("auth-title");
        Label prompt = new Label();
        prompt.setWrapText(true);
        prompt.textProperty().bind(lock.messageProperty());
        javafx.scene.control.PasswordField password = new javafx.scene.control.PasswordField();
        password.setId("unlockPassword");
        password.setPromptText(messages.text("lock.password"));
        javafx.scene.control.Button unlock = new javafx.scene.control.Button(messages.text("lock.unlock"));
        unlock.getStyleClass().add("accent");
        unlock.setDefaultButton(true);
        unlock.setOnAction(event -> {
            lock.unlock(password.getText().toCharArray(), clock.instant());
            password.clear();
        });
        javafx.scene.layout.VBox card = new javafx.scene.layout.VBox(10, title, prompt, password, unlock);
        card.getStyleClass().add("auth-card");
        card.setMaxWidth(420);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        StackPane pane = new StackPane(card);
        pane.getStyleClass().add("auth-backdrop");
        pane.getStylesheets().setAll(scene.getRoot().getStylesheets());
        javafx.application.Platform.runLater(password::requestFocus);
        return pane;
    }

    /** Installs Ctrl+1 … Ctrl+6 once the window's scene exists. */
    public void installShortcuts(Scene scene) {
        this.scene = scene;
        if (screenLock != null) {
            cn.zongzhi.auth.ScreenLockViewModel lock = screenLock;
            scene.addEventFilter(javafx.scene.input.InputEvent.ANY, event -> lock.touch(clock.instant()));
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), lock::lockNow);
        }
        Section[] sections = Section.values();
        for (int i = 0; i < sections.length; i++) {
            Section section = sections[i];
            scene.getAccelerators().put(new KeyCodeCombination(SHORTCUT_DIGITS[i], KeyCombination.SHORTCUT_DOWN),
                    () -> viewModel.open(section));
        }
    }

    /** The status bar's sync indicator follows the scheduler; call on the FX thread. */
    public void showSync(cn.zongzhi.sync.SyncStatus status) {
        viewModel.showSync(status);
    }

    /** Switches to a section as its navigation button would; its screen exists when this returns. */
    public void open(Section section) {
        viewModel.open(section);
    }

    /** Lays a form over the current screen, on a backdrop that keeps the mouse off what lies beneath. */
    public void showOverlay(Node form) {
        showOverlay(form, () -> false);
    }

    /**
     * As {@link #showOverlay(Node)}, for a form that may hold work: while {@code hasInput} says so, changing
     * section puts the form aside instead of closing it, and it shows again when the operator comes back.
     * An operator on a call often looks at the map or the desk meanwhile; a question at every switch would make
     * them choose between looking and keeping the call.
     */
    public void showOverlay(Node form, java.util.function.BooleanSupplier hasInput) {
        closeOverlay();
        StackPane backdrop = new StackPane(form);
        backdrop.getStyleClass().add("overlay-backdrop");
        backdrop.setOnMouseClicked(javafx.event.Event::consume);
        overlay = backdrop;
        overlaySection = viewModel.sectionProperty().get();
        overlayHasInput = hasInput;
        contentPane.getChildren().add(backdrop);
        markKept(false);
    }

    /**
     * Brings back the form already open or put aside, with the focus where it was; false when there is none.
     * Opening a second form must not replace one holding a call.
     */
    public boolean returnToOverlay() {
        if (overlay == null) {
            return false;
        }
        if (viewModel.sectionProperty().get() != overlaySection) {
            viewModel.open(overlaySection);
        }
        Node focus = overlayFocus;
        overlayFocus = null;
        if (focus != null && focus.getScene() != null) {
            javafx.application.Platform.runLater(focus::requestFocus);
        }
        return true;
    }

    public void closeOverlay() {
        if (overlay != null) {
            contentPane.getChildren().remove(overlay);
            markKept(false);
            overlay = null;
            overlaySection = null;
            overlayFocus = null;
            overlayHasInput = () -> false;
        }
    }

    /** The section button holding a form put aside shows it (:kept-form), so the call is easy to find again. */
    private void markKept(boolean kept) {
        if (overlaySection != null) {
            buttons.get(overlaySection).pseudoClassStateChanged(KEPT_FORM, kept);
        }
    }

    public void stop() {
        if (ticker != null) {
            ticker.stop();
        }
    }

    private void show(Section section) {
        if (overlay != null && !overlayHasInput.getAsBoolean()) {
            closeOverlay();
        }
        if (overlay != null && overlay.getScene() != null) {
            Node focused = overlay.getScene().getFocusOwner();
            for (Node up = focused; up != null; up = up.getParent()) {
                if (up == overlay) {
                    overlayFocus = focused;
                    break;
                }
            }
        }
        Node screen = loaded.computeIfAbsent(section, screens);
        contentPane.getChildren().setAll(screen);
        if (overlay != null && section == overlaySection) {
            contentPane.getChildren().add(overlay);
            Node focus = overlayFocus;
            overlayFocus = null;
            if (focus != null) {
                javafx.application.Platform.runLater(focus::requestFocus);
            }
        }
        markKept(overlay != null && section != overlaySection);
        buttons.get(section).setSelected(true);
    }
}
