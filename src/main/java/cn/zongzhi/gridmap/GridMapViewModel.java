package cn.zongzhi.gridmap;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.function.Supplier;

/** Until the map is drawn (a later release), the map screen shows the district's areas and grids as a table. */
public final class GridMapViewModel {
    private final Supplier<DistrictOverview> overview;
    private final BackgroundRunner runner;
    private final Messages messages;

    private final ObservableList<TownSummary> towns = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

    public GridMapViewModel(Supplier<DistrictOverview> overview, BackgroundRunner runner, Messages messages) {
        this.overview = overview;
        this.runner = runner;
        this.messages = messages;
    }

    public void refresh() {
        loading.set(true);
        runner.read(overview::get, result -> {
            loading.set(false);
            towns.setAll(result.towns());
            // With no district the table's placeholder explains what to do; the summary stays quiet.
            summary.set(result.districtName() == null
                    ? ""
                    : messages.text("gridmap.overview.summary", result.districtName(), result.towns().size(),
                    result.communities(), result.comprehensiveGrids(), result.microGrids(), result.incidents()));
        }, failure -> {
            loading.set(false);
            summary.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName()));
        });
    }

    public ObservableList<TownSummary> towns() {
        return towns;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
