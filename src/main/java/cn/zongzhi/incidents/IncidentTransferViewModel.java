package cn.zongzhi.incidents;

import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.AccessDenied;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Import and export from the queue screen: one job at a time, with progress and cancel. A cancelled import
 * keeps the batches already written; a cancelled export leaves no file. Both are for the accounts that may move
 * incidents in bulk (INCIDENT_TRANSFER: supervisors and administrators); an export holds only the account's area.
 */
public final class IncidentTransferViewModel {
    private final IncidentImportService importer;
    private final IncidentExportService exporter;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final Supplier<IncidentFilter> currentFilter;
    private final Runnable afterImport;
    private final Operator operator;
    /** Told how many incidents an import added (the console compacts its file on close after a large one). */
    private final java.util.function.IntConsumer rowsImported;

    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty message = new SimpleStringProperty("");
    private final AtomicBoolean cancelRequested = new AtomicBoolean();

    public IncidentTransferViewModel(IncidentImportService importer, IncidentExportService exporter, BackgroundRunner runner,
                                     Messages messages, Supplier<IncidentFilter> currentFilter, Runnable afterImport,
                                     Operator operator, java.util.function.IntConsumer rowsImported) {
        this.operator = operator;
        this.rowsImported = rowsImported;
        this.importer = importer;
        this.exporter = exporter;
        this.runner = runner;
        this.messages = messages;
        this.currentFilter = currentFilter;
        this.afterImport = afterImport;
    }

    /** Whether this account may import and export at all: the screen shows the two only to those who may. */
    public boolean mayTransfer() {
        return operator != null && operator.role().allows(Permission.INCIDENT_TRANSFER);
    }

    /** Exports what the queue shows now (its view and search, within the account's area) to a CSV or XLSX file. */
    public void exportTo(Path target) {
        if (!permitted() || !start()) {
            return;
        }
        IncidentFilter filter = currentFilter.get();
        runner.read(() -> exporter.export(filter, operator, target, uiProgress()), written -> {
            finish(messages.text("incidents.transfer.exported", written, target.getFileName().toString()));
        }, this::failed);
    }

    /**
     * Imports a CSV file; a mapping file named like the CSV with {@code .mapping.json} beside it is used when
     * present (for another system's columns and words).
     */
    public void importFrom(Path file) {
        if (!permitted() || !start()) {
            return;
        }
        Path mappingFile = file.resolveSibling(stem(file) + ".mapping.json");
        runner.write(() -> {
            IncidentImportSummary summary = importer.importFileChoosingWay(file, Files.isRegularFile(mappingFile)
                    ? ImportMapping.read(mappingFile) : ImportMapping.none(), uiProgress());
            Path rejects = summary.rejects().isEmpty() ? null : IncidentImportService.writeRejects(file, summary.rejects());
            return new Imported(summary, rejects);
        }, imported -> {
            IncidentImportSummary summary = imported.summary();
            finish(messages.text("incidents.transfer.imported", summary.imported(), summary.alreadyPresent(),
                    summary.rejects().size(), imported.rejects() == null ? ""
                            : messages.text("incidents.transfer.rejectsFile", imported.rejects().getFileName().toString())));
            rowsImported.accept(summary.imported());
            afterImport.run();
        }, this::failed);
    }

    public void cancel() {
        cancelRequested.set(true);
        message.set(messages.text("incidents.transfer.cancelling"));
    }

    /** Refuses in words, before anything runs, an account that may not move incidents in bulk. */
    private boolean permitted() {
        try {
            Access.require(operator, Permission.INCIDENT_TRANSFER);
            return true;
        } catch (AccessDenied denied) {
            message.set(IncidentMessages.describe(denied, messages));
            return false;
        }
    }

    private boolean start() {
        if (running.get()) {
            return false;
        }
        cancelRequested.set(false);
        running.set(true);
        progress.set(-1);
        message.set(messages.text("incidents.transfer.working"));
        return true;
    }

    private void finish(String text) {
        running.set(false);
        progress.set(1);
        message.set(text);
    }

    private void failed(Throwable failure) {
        running.set(false);
        progress.set(0);
        if (failure instanceof Progress.CancelledException) {
            message.set(messages.text("incidents.transfer.cancelled"));
        } else if (failure instanceof IncidentImportException problem) {
            message.set(messages.text("incidents.transfer.failed", problem.getMessage()));
        } else if (failure instanceof AccessDenied denied) {
            message.set(IncidentMessages.describe(denied, messages));
        } else if (failure instanceof cn.zongzhi.db.BulkLoadGate.RoundDidNotStop) {
            message.set(messages.text("incidents.transfer.syncBusy"));
        } else {
            message.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName()));
        }
        afterImport.run();
    }

    private record Imported(IncidentImportSummary summary, Path rejects) {
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private Progress uiProgress() {
        return new Progress() {
            @Override
            public void step(long done, long total, String what) {
                runner.toUi(() -> {
                    progress.set(total > 0 ? (double) done / total : -1);
                    message.set(IncidentImportService.BUILDING_INDEXES.equals(what)
                            ? messages.text("incidents.transfer.indexing", done)
                            : messages.text("incidents.transfer.progress", done));
                });
            }

            @Override
            public boolean cancelled() {
                return cancelRequested.get();
            }
        };
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty messageProperty() {
        return message;
    }
}
