package cn.zongzhi.incidents;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The queue's category filter: a button naming the chosen category that drops down the catalogue as a tree under a
 * search field. Choosing a parent filters its whole subtree; the first row, "all categories", clears the filter.
 * Keys: Space, Enter, F4 or Down open it; typing narrows the tree by code, name or pinyin initials (as the intake
 * form's category field does) and marks the first match; Down and Up move between the field and the tree; Right
 * and Left unfold and fold; Enter chooses the marked row; Esc closes without a change.
 */
public final class CategoryPickerView extends Button {
    private final ObjectProperty<CatalogueRepository.Category> value = new SimpleObjectProperty<>(this, "value");
    private final ObservableList<CatalogueRepository.Category> categories = FXCollections.observableArrayList();
    private final StringProperty promptText = new SimpleStringProperty(this, "promptText", "");
    private final StringProperty allText = new SimpleStringProperty(this, "allText", "");
    private final Label shownLabel = new Label();
    private final TextField searchField = new TextField();
    private final TreeView<CatalogueRepository.Category> tree = new TreeView<>(new TreeItem<>());
    private final Label noMatchLabel = new Label();
    private final VBox dropDown = new VBox(6, searchField, tree, noMatchLabel);
    private final Popup popup = new Popup();
    private TreeItem<CatalogueRepository.Category> firstMatch;

    public CategoryPickerView() {
        getStyleClass().add("incidents-category-picker");
        setMnemonicParsing(false);
        setPrefWidth(170);
        shownLabel.textProperty().bind(Bindings.createStringBinding(
                () -> value.get() == null ? promptText.get() : label(value.get()), value, promptText));
        shownLabel.setTextOverrun(OverrunStyle.ELLIPSIS);
        shownLabel.setMinWidth(0);
        // The plain text too: screen readers and tests read a button by its text.
        textProperty().bind(shownLabel.textProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Region arrow = new Region();
        arrow.getStyleClass().add("arrow");
        HBox face = new HBox(6, shownLabel, spacer, arrow);
        face.setAlignment(Pos.CENTER_LEFT);
        // A button lays its graphic out at the graphic's own width; this one spans the button so that, as on the
        // combo boxes beside it, the arrow sits at the right edge.
        face.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(0, getWidth() - getInsets().getLeft() - getInsets().getRight()), widthProperty(), insetsProperty()));
        setGraphic(face);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);

        tree.setShowRoot(false);
        tree.setPrefSize(340, 360);
        tree.setCellFactory(view -> new CategoryCell());
        noMatchLabel.getStyleClass().add("status-muted");
        noMatchLabel.managedProperty().bind(noMatchLabel.visibleProperty());
        // The popup is a window of its own: "root" gives its content the theme's colours and fonts (see open()).
        dropDown.getStyleClass().setAll("root", "incidents-category-drop-down");
        popup.getContent().add(dropDown);
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
        idProperty().addListener((observable, previous, id) -> {
            searchField.setId(id == null ? null : id + "Search");
            tree.setId(id == null ? null : id + "Tree");
        });

        setOnAction(event -> open());
        // Another screen shown (Ctrl+1 …) takes the queue out of the window; its drop-down goes with it.
        sceneProperty().addListener((observable, previous, scene) -> popup.hide());
        addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER || event.getCode() == KeyCode.F4 || event.getCode() == KeyCode.DOWN) {
                event.consume();
                open();
            }
        });
        searchField.textProperty().addListener((observable, previous, typed) -> rebuild(typed));
        categories.addListener((ListChangeListener<CatalogueRepository.Category>) change -> rebuild(searchField.getText()));
        searchField.addEventFilter(KeyEvent.KEY_PRESSED, this::onSearchKey);
        tree.addEventFilter(KeyEvent.KEY_PRESSED, this::onTreeKey);
        tree.addEventFilter(KeyEvent.KEY_TYPED, this::onTreeTyped);
        // Keys the drop-down leaves unused would go on to the window below (a popup only borrows the keyboard): a
        // space would press this button again, and the window's shortcuts (Ctrl+N a new incident, Alt+letter an
        // action on the selected incident) would act behind the open tree.
        dropDown.addEventHandler(KeyEvent.ANY, event -> {
            if (event.getCode() == KeyCode.SPACE || " ".equals(event.getCharacter()) || event.isShortcutDown()
                    || event.isAltDown() || event.getCode().isFunctionKey()) {
                event.consume();
            }
        });
        rebuild("");
    }

    /** Drops the tree down, the current choice marked and the search field empty and focused. */
    public void open() {
        if (popup.isShowing() || getScene() == null || getScene().getWindow() == null) {
            return;
        }
        dropDown.getStylesheets().setAll(stylesheetsAbove());
        searchField.clear();
        rebuild("");
        Bounds below = localToScreen(getBoundsInLocal());
        popup.show(this, below.getMinX(), below.getMaxY());
        searchField.requestFocus();
    }

    public void close() {
        popup.hide();
    }

    public boolean isOpen() {
        return popup.isShowing();
    }

    /** The popup is a window of its own, outside the screen's node tree: it takes the stylesheets above this button. */
    private List<String> stylesheetsAbove() {
        List<List<String>> levels = new ArrayList<>();
        for (Parent up = getParent(); up != null; up = up.getParent()) {
            levels.add(0, up.getStylesheets());
        }
        Set<String> sheets = new LinkedHashSet<>(getScene().getStylesheets());
        levels.forEach(sheets::addAll);
        return List.copyOf(sheets);
    }

    private void rebuild(String typed) {
        boolean narrowed = typed != null && !typed.isBlank();
        firstMatch = null;
        List<TreeItem<CatalogueRepository.Category>> rows = new ArrayList<>();
        TreeItem<CatalogueRepository.Category> all = null;
        if (!narrowed) {
            all = new TreeItem<>(null);
            rows.add(all);
        }
        for (CategorySearch.Node node : CategorySearch.tree(categories, typed)) {
            rows.add(item(node, narrowed));
        }
        tree.getRoot().getChildren().setAll(rows);
        noMatchLabel.setVisible(narrowed && firstMatch == null);
        TreeItem<CatalogueRepository.Category> marked = narrowed ? firstMatch : find(tree.getRoot(), value.get());
        mark(marked != null ? marked : all);
    }

    private TreeItem<CatalogueRepository.Category> item(CategorySearch.Node node, boolean narrowed) {
        TreeItem<CatalogueRepository.Category> item = new TreeItem<>(node.category());
        if (narrowed && node.matched() && firstMatch == null) {
            firstMatch = item;
        }
        for (CategorySearch.Node child : node.children()) {
            item.getChildren().add(item(child, narrowed));
        }
        item.setExpanded(narrowed && node.matchBelow());
        return item;
    }

    private static TreeItem<CatalogueRepository.Category> find(TreeItem<CatalogueRepository.Category> from,
                                                              CatalogueRepository.Category wanted) {
        if (wanted == null) {
            return null;
        }
        for (TreeItem<CatalogueRepository.Category> child : from.getChildren()) {
            if (child.getValue() != null && child.getValue().code().equals(wanted.code())) {
                return child;
            }
            TreeItem<CatalogueRepository.Category> below = find(child, wanted);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    /** Selects a row (unfolding its parents so it shows) and scrolls to it; the row Enter would choose. */
    private void mark(TreeItem<CatalogueRepository.Category> item) {
        if (item == null) {
            tree.getSelectionModel().clearSelection();
            return;
        }
        for (TreeItem<CatalogueRepository.Category> up = item.getParent(); up != null; up = up.getParent()) {
            up.setExpanded(true);
        }
        tree.getSelectionModel().select(item);
        int row = tree.getRow(item);
        if (row >= 0) {
            tree.getFocusModel().focus(row);
            tree.scrollTo(Math.max(0, row - 3));
        }
    }

    private void choose(TreeItem<CatalogueRepository.Category> item) {
        if (item == null || item == tree.getRoot()) {
            return;
        }
        popup.hide();
        value.set(item.getValue());
    }

    private void onSearchKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ENTER) {
            event.consume();
            choose(tree.getSelectionModel().getSelectedItem());
        } else if (event.getCode() == KeyCode.DOWN || event.getCode() == KeyCode.UP) {
            event.consume();
            tree.requestFocus();
            int selected = tree.getSelectionModel().getSelectedIndex();
            // Down steps on from the marked row; Up only enters the tree at it. By index: selectNext() would step
            // from the focus, which a rebuilt tree has lost.
            int row = selected < 0 ? 0 : event.getCode() == KeyCode.DOWN
                    ? Math.min(selected + 1, tree.getExpandedItemCount() - 1) : selected;
            tree.getSelectionModel().select(row);
            tree.getFocusModel().focus(row);
        }
    }

    private void onTreeKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ENTER) {
            event.consume();
            choose(tree.getSelectionModel().getSelectedItem());
        } else if (event.getCode() == KeyCode.ESCAPE) {
            // The tree would take Esc for cancelling an edit, and the popup would then stay open.
            event.consume();
            popup.hide();
        } else if (event.getCode() == KeyCode.UP && tree.getSelectionModel().getSelectedIndex() <= 0) {
            event.consume();
            searchField.requestFocus();
            searchField.end();
        } else if (event.getCode() == KeyCode.BACK_SPACE) {
            event.consume();
            String text = searchField.getText();
            searchField.setText(text.isEmpty() ? text : text.substring(0, text.length() - 1));
            searchField.requestFocus();
            searchField.end();
        }
    }

    /** Typing while in the tree goes on in the search field, so the operator never has to go back up first. */
    private void onTreeTyped(KeyEvent event) {
        String typed = event.getCharacter();
        if (typed.isEmpty() || typed.charAt(0) <= ' ' || typed.charAt(0) == 127 || event.isControlDown() || event.isAltDown()
                || event.isMetaDown()) {
            return;
        }
        event.consume();
        searchField.appendText(typed);
        searchField.requestFocus();
        searchField.end();
    }

    private String label(CatalogueRepository.Category category) {
        return category.code() + " " + category.name();
    }

    private final class CategoryCell extends TreeCell<CatalogueRepository.Category> {
        CategoryCell() {
            addEventHandler(MouseEvent.MOUSE_CLICKED, event -> {
                // A click on the fold arrow only folds; a click on the row chooses it.
                if (event.getButton() == MouseButton.PRIMARY && !isEmpty() && !onDisclosure(event)) {
                    choose(getTreeItem());
                }
            });
        }

        private boolean onDisclosure(MouseEvent event) {
            Node disclosure = getDisclosureNode();
            for (Node hit = event.getPickResult().getIntersectedNode(); hit != null && hit != this; hit = hit.getParent()) {
                if (hit == disclosure) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected void updateItem(CatalogueRepository.Category category, boolean empty) {
            super.updateItem(category, empty);
            setText(empty ? null : category == null ? allText.get() : label(category));
        }
    }

    public ObjectProperty<CatalogueRepository.Category> valueProperty() {
        return value;
    }

    public CatalogueRepository.Category getValue() {
        return value.get();
    }

    public void setValue(CatalogueRepository.Category category) {
        value.set(category);
    }

    /** The catalogue to choose from, parents and children in one list. */
    public ObservableList<CatalogueRepository.Category> getCategories() {
        return categories;
    }

    /** Shown on the button while no category is chosen. */
    public StringProperty promptTextProperty() {
        return promptText;
    }

    public String getPromptText() {
        return promptText.get();
    }

    public void setPromptText(String text) {
        promptText.set(text);
    }

    /** The first row of the tree, which clears the filter. */
    public StringProperty allTextProperty() {
        return allText;
    }

    public String getAllText() {
        return allText.get();
    }

    public void setAllText(String text) {
        allText.set(text);
    }

    public String getSearchPrompt() {
        return searchField.getPromptText();
    }

    public void setSearchPrompt(String text) {
        searchField.setPromptText(text);
    }

    public String getNoMatchText() {
        return noMatchLabel.getText();
    }

    public void setNoMatchText(String text) {
        noMatchLabel.setText(text);
    }
}
