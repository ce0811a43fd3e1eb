package cn.zongzhi.incidents;

import cn.zongzhi.common.Messages;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import cn.zongzhi.ui.Converters;
import org.controlsfx.control.textfield.TextFields;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

public final class NewIncidentController {
    private final NewIncidentViewModel viewModel;
    private final Messages messages;

    @FXML private ComboBox<Channel> channelBox;
    @FXML private TextField reporterNameField;
    @FXML private TextField reporterPhoneField;
    @FXML private Label callerNoteLabel;
    @FXML private javafx.scene.layout.VBox callerHistoryBox;
    @FXML private TextField categoryField;
    @FXML private TextField titleField;
    @FXML private TextArea descriptionArea;
    @FXML private TextField addressField;
    @FXML private TextField longitudeField;
    @FXML private TextField latitudeField;
    @FXML private javafx.scene.control.Button pickOnMapButton;
    @FXML private javafx.scene.control.Label pickedPlaceLabel;
    @FXML private javafx.scene.layout.StackPane pickMapPane;
    @FXML private cn.zongzhi.gridmap.OfflineMapView pickMap;
    @FXML private Button addPhotoButton;
    @FXML private javafx.scene.layout.HBox photoPane;
    @FXML private ListView<NewIncidentViewModel.Photo> photoList;
    @FXML private Button removePhotoButton;
    @FXML private ComboBox<RiskLevel> riskBox;
    @FXML private Label errorLabel;
    @FXML private Button saveButton;
    @FXML private javafx.scene.layout.HBox discardPane;
    @FXML private Button keepEditingButton;
    @FXML private Button discardButton;
    /** Where the operator was when Esc asked whether to discard; focus goes back there on 继续填写. */
    private javafx.scene.Node focusBeforeConfirm;

    private final Runnable closeForm;
    /** Asks for photo files: the platform's file dialog, unless a test puts its own files in (no dialog runs headless). */
    private Function<Window, List<Path>> photoChooser = this::showPhotoDialog;

    @FXML private javafx.scene.layout.VBox formRoot;

    /** @param closeForm removes the form from wherever the console showed it */
    public NewIncidentController(NewIncidentViewModel viewModel, Messages messages, Runnable closeForm) {
        this.viewModel = viewModel;
        this.messages = messages;
        this.closeForm = closeForm;
    }

    public void usePhotoChooser(Function<Window, List<Path>> chooser) {
        photoChooser = chooser;
    }

    @FXML
    private void initialize() {
        channelBox.getItems().setAll(Channel.values());
        channelBox.setConverter(converter("incidents.channel."));
        channelBox.valueProperty().bindBidirectional(viewModel.channelProperty());
        riskBox.getItems().setAll(RiskLevel.values());
        riskBox.setConverter(converter("incidents.risk."));
        riskBox.valueProperty().bindBidirectional(viewModel.riskProperty());
        reporterNameField.textProperty().bindBidirectional(viewModel.reporterNameProperty());
        reporterPhoneField.textProperty().bindBidirectional(viewModel.reporterPhoneProperty());
        reporterPhoneField.focusedProperty().addListener((observable, was, focused) -> {
            if (!focused) {
                viewModel.lookUpCaller();
            }
        });
        callerNoteLabel.textProperty().bind(viewModel.callerNoteProperty());
        // Labels, not a list: the caller's cases are to read, and must not add a Tab stop on the way to the category.
        viewModel.callerHistoryLines().addListener((javafx.collections.ListChangeListener<String>) change ->
                callerHistoryBox.getChildren().setAll(viewModel.callerHistoryLines().stream().map(line -> {
                    Label earlier = new Label(line);
                    earlier.getStyleClass().add("caller-history-line");
                    return earlier;
                }).toList()));
        callerHistoryBox.visibleProperty().bind(Bindings.isNotEmpty(viewModel.callerHistoryLines()));
        callerHistoryBox.managedProperty().bind(callerHistoryBox.visibleProperty());
        categoryField.textProperty().bindBidirectional(viewModel.categoryProperty());
        var completion = TextFields.bindAutoCompletion(categoryField, request -> viewModel.suggestCategories(request.getUserText()));
        // Suggestions arrive from a background thread and may pop up after the operator has tabbed on; a popup
        // over a field without focus would take the next keys, so it closes whenever the field is left.
        var popup = completion.getAutoCompletionPopup();
        categoryField.focusedProperty().addListener((observable, was, focused) -> {
            if (!focused) {
                popup.hide();
            }
        });
        popup.showingProperty().addListener((observable, was, showing) -> {
            if (showing && !categoryField.isFocused()) {
                javafx.application.Platform.runLater(popup::hide);
            }
        });
        titleField.textProperty().bindBidirectional(viewModel.titleProperty());
        descriptionArea.textProperty().bindBidirectional(viewModel.descriptionProperty());
        // In a form, Tab moves on; a text area would otherwise swallow it as a tab character.
        descriptionArea.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.TAB && !event.isControlDown()) {
                event.consume();
                (event.isShiftDown() ? titleField : addressField).requestFocus();
            }
        });
        addressField.textProperty().bindBidirectional(viewModel.addressProperty());
        longitudeField.textProperty().bindBidirectional(viewModel.longitudeProperty());
        latitudeField.textProperty().bindBidirectional(viewModel.latitudeProperty());
        pickOnMapButton.setVisible(viewModel.canPickOnMap());
        pickOnMapButton.setManaged(viewModel.canPickOnMap());
        pickedPlaceLabel.textProperty().bind(viewModel.pickedPlaceProperty());
        pickMap.setDescriptions(feature -> feature.name() + "（" + feature.code() + "）", marker -> marker.caseNo() + " " + marker.title(),
                metres -> metres >= 1000 ? messages.text("gridmap.scale.km", java.text.NumberFormat.getNumberInstance(messages.locale())
                        .format(metres / 1000)) : messages.text("gridmap.scale.m", Math.round(metres)), messages.text("gridmap.north"));
        // Markers of other incidents would catch the click meant for the new one's place.
        pickMap.markersVisibleProperty().set(false);
        pickMap.mapSceneProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> viewModel.pickSceneProperty().get() == null ? cn.zongzhi.gridmap.MapScene.empty() : viewModel.pickSceneProperty().get(),
                viewModel.pickSceneProperty()));
        pickMap.setOnPointClicked(lonLat -> {
            pickMap.pickedPointProperty().set(lonLat);
            // The innermost place, drawn at this scale or not: the operator checks the grid, not the street.
            viewModel.pick(lonLat[0], lonLat[1], pickMap.mapSceneProperty().get().featureAt(
                    cn.zongzhi.gridmap.WebMercator.x(lonLat[0]), cn.zongzhi.gridmap.WebMercator.y(lonLat[1]),
                    java.util.List.of(cn.zongzhi.gridmap.FeatureKind.values())).orElse(null));
        });
        photoList.setItems(viewModel.photos());
        photoList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(NewIncidentViewModel.Photo photo, boolean empty) {
                super.updateItem(photo, empty);
                setText(empty || photo == null ? null : viewModel.describe(photo));
            }
        });
        photoList.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.DELETE || event.getCode() == KeyCode.BACK_SPACE) {
                event.consume();
                onRemovePhoto();
            }
        });
        var anyPhoto = Bindings.isNotEmpty(viewModel.photos());
        photoPane.visibleProperty().bind(anyPhoto);
        photoPane.managedProperty().bind(anyPhoto);
        removePhotoButton.disableProperty().bind(photoList.getSelectionModel().selectedItemProperty().isNull());
        // Not disabled while photos are being checked (addPhotos ignores a second press then): a focused button that
        // turns disabled hands the focus on at the next pulse, so the operator's place in the form moved by timing.
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        saveButton.disableProperty().bind(viewModel.busyProperty());
        // Keys are handled on the form itself: it lives over the queue, whose own shortcuts must not fire meanwhile.
        discardPane.visibleProperty().bind(viewModel.confirmingDiscardProperty());
        discardPane.managedProperty().bind(viewModel.confirmingDiscardProperty());
        formRoot.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (viewModel.confirmingDiscardProperty().get()
                    && (event.getCode() == KeyCode.ESCAPE || event.getCode() == KeyCode.ENTER)) {
                // Only the discard button, focused on purpose, discards; Esc and Enter elsewhere keep the call.
                if (event.getCode() == KeyCode.ENTER && discardButton.isFocused()) {
                    onDiscard();
                } else {
                    onKeepEditing();
                }
                event.consume();
                return;
            }
            if (event.getCode() == KeyCode.N && event.isShortcutDown()) {
                // The queue's Ctrl+N would lay an empty form over this one: inside the form it does nothing.
                event.consume();
                return;
            }
            if (event.getCode() == KeyCode.ENTER && event.isShortcutDown()) {
                viewModel.save();
            } else if (event.getCode() == KeyCode.ESCAPE) {
                close();
            } else if (event.getCode() == KeyCode.M && event.isAltDown() && viewModel.canPickOnMap()) {
                onPickOnMap();
            } else if (event.getCode() == KeyCode.P && event.isAltDown()) {
                onAddPhoto();
            } else if (!event.isAltDown()) {
                return;
            }
            event.consume();
        });
        formRoot.sceneProperty().addListener((observable, previous, scene) -> {
            if (scene != null) {
                javafx.application.Platform.runLater(channelBox::requestFocus);
            }
        });
        viewModel.load();
    }

    private <T extends Enum<T>> javafx.util.StringConverter<T> converter(String prefix) {
        return Converters.labelled(value -> messages.text(prefix + value.name()));
    }

    @FXML
    private void onPickOnMap() {
        boolean show = !pickMapPane.isVisible();
        pickMapPane.setVisible(show);
        pickMapPane.setManaged(show);
        if (show) {
            viewModel.openMap();
        }
    }

    @FXML
    private void onAddPhoto() {
        if (viewModel.busyProperty().get()) {
            return;
        }
        viewModel.addPhotos(photoChooser.apply(formRoot.getScene().getWindow()));
    }

    @FXML
    private void onRemovePhoto() {
        int index = photoList.getSelectionModel().getSelectedIndex();
        NewIncidentViewModel.Photo selected = photoList.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        viewModel.removePhoto(selected);
        if (viewModel.photos().isEmpty()) {
            // The list hides with its last photo; the button that adds them is where the operator carries on.
            addPhotoButton.requestFocus();
        } else {
            photoList.getSelectionModel().select(Math.min(index, viewModel.photos().size() - 1));
        }
    }

    private List<Path> showPhotoDialog(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.text("incidents.attachment.add"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(messages.text("incidents.attachment.types"),
                viewModel.photoPatterns()));
        List<File> files = chooser.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @FXML
    private void onSave() {
        viewModel.save();
    }

    @FXML
    private void onCancel() {
        close();
    }

    @FXML
    private void onKeepEditing() {
        viewModel.keepEditing();
        javafx.scene.Node back = focusBeforeConfirm;
        focusBeforeConfirm = null;
        (back != null && back.getScene() != null && !back.isDisabled() ? back : titleField).requestFocus();
    }

    @FXML
    private void onDiscard() {
        viewModel.keepEditing();
        closeForm.run();
    }

    /** Whether closing the form now would lose what was typed: the shell keeps such a form when the section changes. */
    public boolean hasInput() {
        return viewModel.hasInput() && !viewModel.savedProperty().get();
    }

    private void close() {
        if (viewModel.requestClose()) {
            closeForm.run();
        } else {
            if (focusBeforeConfirm == null && formRoot.getScene() != null) {
                focusBeforeConfirm = formRoot.getScene().getFocusOwner();
            }
            keepEditingButton.requestFocus();
        }
    }
}
