package cn.zongzhi.gridmap;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

public final class GridMapController {
    private final GridMapViewModel viewModel;

    @FXML private Label summaryLabel;
    @FXML private ProgressIndicator loadingIndicator;
    @FXML private TableView<TownSummary> townTable;
    @FXML private TableColumn<TownSummary, String> townNameColumn;
    @FXML private TableColumn<TownSummary, String> townCodeColumn;
    @FXML private TableColumn<TownSummary, Number> communitiesColumn;
    @FXML private TableColumn<TownSummary, Number> comprehensiveColumn;
    @FXML private TableColumn<TownSummary, Number> microColumn;
    @FXML private TableColumn<TownSummary, Number> incidentsColumn;

    public GridMapController(GridMapViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        townNameColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        townCodeColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().code()));
        communitiesColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().communities()));
        comprehensiveColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().comprehensiveGrids()));
        microColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().microGrids()));
        incidentsColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().incidents()));
        townTable.setItems(viewModel.towns());
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        loadingIndicator.visibleProperty().bind(viewModel.loadingProperty());
        viewModel.refresh();
    }
}
