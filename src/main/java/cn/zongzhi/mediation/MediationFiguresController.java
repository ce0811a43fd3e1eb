package cn.zongzhi.mediation;

import cn.zongzhi.ui.Converters;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;

import java.util.List;
import java.util.function.Function;

/** Thin glue for the mediation figures: window and grouping in, table and chart out. */
public final class MediationFiguresController {
    private final MediationFiguresViewModel viewModel;

    @FXML private BorderPane figuresRoot;
    @FXML private ChoiceBox<MediationFiguresViewModel.Window> windowChoice;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private ToggleButton byTypeButton;
    @FXML private ToggleButton byMediatorButton;
    @FXML private ToggleButton byMonthButton;
    @FXML private Label figuresMessage;
    @FXML private Label summaryLabel;
    @FXML private TableView<MediationFigures.Row> figuresTable;
    @FXML private TableColumn<MediationFigures.Row, String> groupColumn;
    @FXML private TableColumn<MediationFigures.Row, String> acceptedColumn;
    @FXML private TableColumn<MediationFigures.Row, String> concludedColumn;
    @FXML private TableColumn<MediationFigures.Row, String> agreementsColumn;
    @FXML private TableColumn<MediationFigures.Row, String> failedColumn;
    @FXML private TableColumn<MediationFigures.Row, String> unsuitableColumn;
    @FXML private TableColumn<MediationFigures.Row, String> withdrawnColumn;
    @FXML private TableColumn<MediationFigures.Row, String> referredColumn;
    @FXML private TableColumn<MediationFigures.Row, String> rateColumn;
    @FXML private TableColumn<MediationFigures.Row, String> amountColumn;
    @FXML private BarChart<String, Number> figuresChart;

    public MediationFiguresController(MediationFiguresViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        var messages = viewModel.messages();
        windowChoice.getItems().setAll(MediationFiguresViewModel.Window.values());
        windowChoice.setConverter(Converters.labelled(window -> messages.text("mediation.figures.window." + window.name())));
        windowChoice.valueProperty().bindBidirectional(viewModel.windowProperty());
        fromPicker.valueProperty().bindBidirectional(viewModel.fromProperty());
        toPicker.valueProperty().bindBidirectional(viewModel.toProperty());
        // Typing a date makes the window a custom one; choosing a named window fills the dates.
        for (DatePicker picker : List.of(fromPicker, toPicker)) {
            picker.setOnAction(event -> {
                if (picker.isFocused()) {
                    viewModel.windowProperty().set(MediationFiguresViewModel.Window.CUSTOM);
                }
                viewModel.refresh();
            });
        }
        windowChoice.valueProperty().addListener((observable, before, now) -> viewModel.refresh());

        ToggleGroup grouping = new ToggleGroup();
        byTypeButton.setUserData(MediationFigures.Dimension.TYPE);
        byMediatorButton.setUserData(MediationFigures.Dimension.MEDIATOR);
        byMonthButton.setUserData(MediationFigures.Dimension.MONTH);
        for (ToggleButton button : List.of(byTypeButton, byMediatorButton, byMonthButton)) {
            button.setToggleGroup(grouping);
        }
        grouping.selectedToggleProperty().addListener((observable, before, now) -> {
            if (now == null) {
                before.setSelected(true);
                return;
            }
            viewModel.dimensionProperty().set((MediationFigures.Dimension) now.getUserData());
            viewModel.refresh();
        });

        figuresTable.setItems(viewModel.rows());
        groupColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.label(cell.getValue())));
        count(acceptedColumn, MediationFigures.Row::accepted);
        count(concludedColumn, MediationFigures.Row::concluded);
        count(agreementsColumn, MediationFigures.Row::agreements);
        count(failedColumn, MediationFigures.Row::failed);
        count(unsuitableColumn, MediationFigures.Row::unsuitable);
        count(withdrawnColumn, MediationFigures.Row::withdrawn);
        count(referredColumn, MediationFigures.Row::referred);
        rateColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.rate(cell.getValue())));
        rateColumn.setStyle("-fx-alignment: CENTER-RIGHT;");
        amountColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.money(cell.getValue().agreedAmount())));
        amountColumn.setStyle("-fx-alignment: CENTER-RIGHT;");
        // The rate's formula on its header, where the figure is read.
        Label rateHeader = new Label(messages.text("mediation.figures.rate"));
        rateHeader.setTooltip(new Tooltip(viewModel.formula()));
        rateColumn.setGraphic(rateHeader);
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        summaryLabel.setTooltip(new Tooltip(viewModel.formula()));
        figuresMessage.textProperty().bind(viewModel.messageProperty());
        viewModel.rows().addListener((ListChangeListener<MediationFigures.Row>) change -> chart());

        // Cases registered or closed on the other tabs change the figures: read them again on coming back.
        cn.zongzhi.ui.Shown.rereadWhenShown(figuresRoot, viewModel::refresh);
    }

    private static void count(TableColumn<MediationFigures.Row, String> column, Function<MediationFigures.Row, Integer> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(String.valueOf(value.apply(cell.getValue()))));
        column.setStyle("-fx-alignment: CENTER-RIGHT;");
    }

    /** Accepted against agreements per group; the twelve largest groups, so the bars stay readable. */
    private void chart() {
        var messages = viewModel.messages();
        XYChart.Series<String, Number> accepted = new XYChart.Series<>();
        accepted.setName(messages.text("mediation.figures.accepted"));
        XYChart.Series<String, Number> agreements = new XYChart.Series<>();
        agreements.setName(messages.text("mediation.figures.agreements"));
        viewModel.rows().stream().limit(12).forEach(row -> {
            String label = viewModel.label(row);
            accepted.getData().add(new XYChart.Data<>(label, row.accepted()));
            agreements.getData().add(new XYChart.Data<>(label, row.agreements()));
        });
        figuresChart.getData().setAll(List.of(accepted, agreements));
    }
}
