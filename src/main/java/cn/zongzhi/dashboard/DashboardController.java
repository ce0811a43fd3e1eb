package cn.zongzhi.dashboard;

import cn.zongzhi.areas.AdminArea;
import cn.zongzhi.reports.KpiFigure;
import cn.zongzhi.reports.MonthlyReport;
import cn.zongzhi.ui.Converters;
import javafx.fxml.FXML;
import javafx.scene.Cursor;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.List;

/** Thin glue for the dashboard: tiles that explain themselves and open their cases, and the charts. */
public final class DashboardController {
    private final DashboardViewModel viewModel;

    @FXML private BorderPane dashboardRoot;
    @FXML private ToggleButton todayButton;
    @FXML private ToggleButton weekButton;
    @FXML private ToggleButton monthButton;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private ComboBox<AdminArea> areaBox;
    @FXML private Label statusLabel;
    @FXML private FlowPane tilePane;
    @FXML private BarChart<String, Number> daysChart;
    @FXML private BarChart<String, Number> categoryChart;
    @FXML private PieChart channelChart;
    @FXML private BarChart<String, Number> gridChart;
    @FXML private StackedBarChart<String, Number> mediationChart;

    public DashboardController(DashboardViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        var messages = viewModel.messages();
        ToggleGroup windows = new ToggleGroup();
        todayButton.setUserData(DashboardViewModel.Window.TODAY);
        weekButton.setUserData(DashboardViewModel.Window.THIS_WEEK);
        monthButton.setUserData(DashboardViewModel.Window.THIS_MONTH);
        for (ToggleButton button : List.of(todayButton, weekButton, monthButton)) {
            button.setToggleGroup(windows);
        }
        windows.selectedToggleProperty().addListener((observable, before, now) -> {
            if (now != null) {
                viewModel.windowProperty().set((DashboardViewModel.Window) now.getUserData());
                viewModel.refresh();
            }
        });
        fromPicker.valueProperty().bindBidirectional(viewModel.fromProperty());
        toPicker.valueProperty().bindBidirectional(viewModel.toProperty());
        for (DatePicker picker : List.of(fromPicker, toPicker)) {
            picker.setOnAction(event -> {
                if (picker.isFocused()) {
                    windows.selectToggle(null);
                    viewModel.windowProperty().set(DashboardViewModel.Window.CUSTOM);
                    viewModel.refresh();
                }
            });
        }
        areaBox.setConverter(Converters.labelled(area -> area == null ? messages.text("dashboard.allAreas") : area.name()));
        viewModel.areas().addListener((javafx.collections.ListChangeListener<AdminArea>) change -> {
            AdminArea chosen = areaBox.getValue();
            areaBox.getItems().setAll(viewModel.areas());
            areaBox.getItems().add(0, null);
            areaBox.setValue(chosen);
        });
        viewModel.loadAreas();
        areaBox.valueProperty().bindBidirectional(viewModel.areaProperty());
        areaBox.valueProperty().addListener((observable, before, now) -> viewModel.refresh());
        statusLabel.textProperty().bind(viewModel.statusProperty());
        viewModel.overviewProperty().addListener((observable, before, now) -> show(now));

        // Figures change as cases move: read them again whenever the dashboard is shown (not also at load).
        cn.zongzhi.ui.Shown.rereadWhenShown(dashboardRoot, viewModel::refresh);
    }

    private void show(MonthlyReport overview) {
        if (overview == null) {
            // The refresh failed: no figures rather than another window's or area's.
            tilePane.getChildren().clear();
            for (XYChart<String, Number> chart : List.<XYChart<String, Number>>of(daysChart, categoryChart, gridChart, mediationChart)) {
                chart.getData().clear();
            }
            channelChart.getData().clear();
            return;
        }
        var messages = viewModel.messages();
        tilePane.getChildren().clear();
        for (KpiFigure figure : overview.kpis().figures()) {
            Label value = new Label(viewModel.value(figure));
            value.getStyleClass().add("kpi-value");
            Label name = new Label(figure.label());
            name.getStyleClass().add("kpi-label");
            name.setWrapText(true);
            VBox tile = new VBox(4, value, name);
            tile.getStyleClass().add("kpi-tile");
            tile.getStyleClass().add(figure.kpi().aboutDisputes() ? "kpi-tile-disputes" : "kpi-tile-incidents");
            tile.setId("kpi-" + figure.kpi().key());
            tile.setCursor(Cursor.HAND);
            Tooltip explanation = new Tooltip(viewModel.explain(figure));
            explanation.setShowDelay(Duration.millis(300));
            explanation.setWrapText(true);
            explanation.setMaxWidth(420);
            Tooltip.install(tile, explanation);
            tile.setOnMouseClicked(event -> viewModel.openCases(figure.kpi()));
            tilePane.getChildren().add(tile);
        }

        XYChart.Series<String, Number> takenIn = new XYChart.Series<>();
        takenIn.setName(messages.text("dashboard.series.takenIn"));
        XYChart.Series<String, Number> closed = new XYChart.Series<>();
        closed.setName(messages.text("dashboard.series.closed"));
        for (MonthlyReport.Day day : overview.days()) {
            String label = day.day().getMonthValue() + "/" + day.day().getDayOfMonth();
            takenIn.getData().add(new XYChart.Data<>(label, day.takenIn()));
            closed.getData().add(new XYChart.Data<>(label, day.closed()));
        }
        daysChart.getData().setAll(List.of(takenIn, closed));

        XYChart.Series<String, Number> byCategory = new XYChart.Series<>();
        byCategory.setName(messages.text("dashboard.series.takenIn"));
        XYChart.Series<String, Number> categoryClosed = new XYChart.Series<>();
        categoryClosed.setName(messages.text("dashboard.series.closed"));
        overview.categories().stream().limit(10).forEach(group -> {
            byCategory.getData().add(new XYChart.Data<>(group.label(), group.takenIn()));
            categoryClosed.getData().add(new XYChart.Data<>(group.label(), group.closed()));
        });
        categoryChart.getData().setAll(List.of(byCategory, categoryClosed));

        channelChart.getData().setAll(overview.channels().stream().filter(group -> group.takenIn() > 0)
                .map(group -> new PieChart.Data(group.label() + " " + group.takenIn(), group.takenIn())).toList());

        XYChart.Series<String, Number> open = new XYChart.Series<>();
        open.setName(messages.text("dashboard.series.open"));
        XYChart.Series<String, Number> overdue = new XYChart.Series<>();
        overdue.setName(messages.text("dashboard.series.overdue"));
        for (MonthlyReport.GridLoad grid : overview.grids()) {
            open.getData().add(new XYChart.Data<>(grid.name(), grid.open(), grid.code()));
            overdue.getData().add(new XYChart.Data<>(grid.name(), grid.overdue(), grid.code()));
        }
        gridChart.getData().setAll(List.of(open, overdue));
        // A hot spot leads to the map, centred on its grid.
        for (XYChart.Series<String, Number> series : gridChart.getData()) {
            for (XYChart.Data<String, Number> bar : series.getData()) {
                if (bar.getNode() != null) {
                    bar.getNode().setCursor(Cursor.HAND);
                    Tooltip.install(bar.getNode(), new Tooltip(messages.text("dashboard.gridHint", bar.getXValue())));
                    bar.getNode().setOnMouseClicked(event -> viewModel.openGrid((String) bar.getExtraValue()));
                }
            }
        }

        XYChart.Series<String, Number> agreements = new XYChart.Series<>();
        agreements.setName(messages.text("mediation.figures.agreements"));
        XYChart.Series<String, Number> failed = new XYChart.Series<>();
        failed.setName(messages.text("mediation.figures.failed"));
        XYChart.Series<String, Number> others = new XYChart.Series<>();
        others.setName(messages.text("dashboard.series.otherOutcomes"));
        for (var row : overview.mediation().rows()) {
            String type = cn.zongzhi.mediation.DisputeType.label(row.key(), messages);
            agreements.getData().add(new XYChart.Data<>(type, row.agreements()));
            failed.getData().add(new XYChart.Data<>(type, row.failed()));
            others.getData().add(new XYChart.Data<>(type, row.unsuitable() + row.withdrawn()));
        }
        mediationChart.getData().setAll(List.of(agreements, failed, others));
    }

    @FXML
    private void onRefresh() {
        viewModel.refresh();
    }
}
