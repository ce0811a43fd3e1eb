package cn.zongzhi.incidents;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The intake form: what the caller says, typed fast, checked before anything is saved. */
public final class NewIncidentViewModel {
    private static final int MAX_SUGGESTIONS = 12;
    static final int CALLER_HISTORY_SHOWN = 5;

    private final IncidentService incidents;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final Operator operator;
    private final Consumer<StoredIncident> onSaved;

    private final ObjectProperty<Channel> channel = new SimpleObjectProperty<>(Channel.HOTLINE_12345);
    private final StringProperty reporterName = new SimpleStringProperty("");
    private final StringProperty reporterPhone = new SimpleStringProperty("");
    private final StringProperty category = new SimpleStringProperty("");
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty longitude = new SimpleStringProperty("");
    private final StringProperty latitude = new SimpleStringProperty("");
    private final StringProperty pickedPlace = new SimpleStringProperty("");
    private final javafx.beans.property.ObjectProperty<cn.zongzhi.gridmap.MapScene> pickScene =
            new javafx.beans.property.SimpleObjectProperty<>();
    private java.util.function.Supplier<cn.zongzhi.gridmap.MapScene> mapScenes;
    private final ObjectProperty<RiskLevel> risk = new SimpleObjectProperty<>(RiskLevel.YELLOW);
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty callerNote = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty saved = new SimpleBooleanProperty(false);
    private final BooleanProperty confirmingDiscard = new SimpleBooleanProperty(false);
    private final ObservableList<IncidentSummary> callerHistory = FXCollections.observableArrayList();
    /** The caller's latest earlier cases as the form lists them: case number, date, title, status. */
    private final ObservableList<String> callerHistoryLines = FXCollections.observableArrayList();
    private java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
    private final ObservableList<Photo> photos = FXCollections.observableArrayList();
    // Read by ControlsFX's suggestion thread, written once on the FX thread.
    private volatile List<CatalogueRepository.Category> categories = List.of();

    public NewIncidentViewModel(IncidentService incidents, BackgroundRunner runner, Messages messages, Operator operator,
                                Consumer<StoredIncident> onSaved) {
        this.incidents = incidents;
        this.runner = runner;
        this.messages = messages;
        this.operator = operator;
        this.onSaved = onSaved;
    }

    /** Where the location map comes from; set by the console, absent in a form without a map. */
    public void useMap(java.util.function.Supplier<cn.zongzhi.gridmap.MapScene> scenes) {
        this.mapScenes = scenes;
    }

    /** The office's zone, in which the caller's earlier cases are dated. */
    public void useZone(java.time.ZoneId officeZone) {
        this.zone = officeZone;
    }

    public boolean canPickOnMap() {
        return mapScenes != null;
    }

    /** Loads the map for picking a location, once per form, in the background. */
    public void openMap() {
        if (mapScenes == null || pickScene.get() != null) {
            return;
        }
        runner.read(mapScenes::get, pickScene::set, failure -> error.set(IncidentMessages.describe(failure, messages)));
    }

    /**
     * A point was clicked on the map (WGS-84): it becomes the incident's coordinates, and the place under it is
     * named so the operator can check it before saving. The grid itself is found again on saving.
     */
    public void pick(double pickedLongitude, double pickedLatitude, cn.zongzhi.gridmap.MapFeature placeUnder) {
        longitude.set(String.format(java.util.Locale.ROOT, "%.6f", pickedLongitude));
        latitude.set(String.format(java.util.Locale.ROOT, "%.6f", pickedLatitude));
        pickedPlace.set(placeUnder == null ? messages.text("incidents.intake.pickedNowhere")
                : messages.text("incidents.intake.picked", placeUnder.name(), placeUnder.code()));
    }

    public javafx.beans.property.ObjectProperty<cn.zongzhi.gridmap.MapScene> pickSceneProperty() {
        return pickScene;
    }

    public StringProperty pickedPlaceProperty() {
        return pickedPlace;
    }

    public void load() {
        runner.read(incidents::categories, loaded -> categories = loaded.stream()
                .filter(category -> category.parentCode() != null).toList(), failure -> error.set(IncidentMessages.describe(failure, messages)));
    }

    /** Categories matching what was typed: a code prefix, part of the name, or pinyin initials (BLLJ → 暴露垃圾). */
    public List<String> suggestCategories(String typed) {
        List<String> matches = new ArrayList<>();
        for (CatalogueRepository.Category candidate : categories) {
            if (CategorySearch.matches(candidate, typed)) {
                matches.add(candidate.code() + " " + candidate.name());
                if (matches.size() == MAX_SUGGESTIONS) {
                    break;
                }
            }
        }
        return matches;
    }

    /** A file chosen for the new incident, checked but not yet read: it is read when the incident is saved. */
    public record Photo(Path file, String fileName, String mediaType, long sizeBytes) {
    }

    private record Inspected(List<Photo> accepted, List<Refusal> refused) {
    }

    private record Refusal(String fileName, Throwable reason) {
    }

    /**
     * Adds files to the incident's photos, checked at once (type, size and first bytes, as the service checks them)
     * so that a wrong file is named now, not when the call is over; the fields typed so far are left as they are.
     */
    public void addPhotos(List<Path> files) {
        if (files == null || files.isEmpty() || busy.get()) {
            return;
        }
        error.set("");
        busy.set(true);
        runner.read(() -> inspect(files), inspected -> {
            busy.set(false);
            List<String> refusals = new ArrayList<>(inspected.refused().stream().map(refusal -> messages.text(
                    "incidents.intake.photo.refused", refusal.fileName(), reasonText(refusal.reason()))).toList());
            for (Photo photo : inspected.accepted()) {
                if (photos.stream().anyMatch(chosen -> chosen.file().equals(photo.file()))) {
                    continue;
                }
                if (photos.size() >= IncidentService.MAX_ATTACHMENTS) {
                    // Named now, as a wrong type is: saving would refuse the whole incident.
                    refusals.add(messages.text("incidents.intake.photo.refused", photo.fileName(),
                            IncidentMessages.describe(new IncidentException(IncidentException.Reason.ATTACHMENT_COUNT), messages)));
                } else {
                    photos.add(photo);
                }
            }
            error.set(String.join("\n", refusals));
        }, failure -> {
            busy.set(false);
            error.set(IncidentMessages.describe(failure, messages));
        });
    }

    private static Inspected inspect(List<Path> files) {
        List<Photo> accepted = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                String type = IncidentService.attachmentType(name);
                long size = Files.size(file);
                IncidentService.checkAttachment(type, size);
                try (var in = Files.newInputStream(file)) {
                    IncidentService.checkAttachmentContent(type, in.readNBytes(IncidentService.ATTACHMENT_HEAD_BYTES));
                }
                accepted.add(new Photo(file, name, type, size));
            } catch (IncidentException | IOException refusal) {
                refused.add(new Refusal(name, refusal));
            }
        }
        return new Inspected(accepted, refused);
    }

    private String reasonText(Throwable reason) {
        return reason instanceof IOException ? messages.text("incidents.intake.photo.unreadable")
                : IncidentMessages.describe(reason, messages);
    }

    public void removePhoto(Photo photo) {
        photos.remove(photo);
    }

    /** A chosen photo as the form lists it: its name and size. */
    public String describe(Photo photo) {
        String size = photo.sizeBytes() < 1024 * 1024
                ? messages.text("incidents.intake.photo.kb", Math.max(1, Math.round(photo.sizeBytes() / 1024.0)))
                : messages.text("incidents.intake.photo.mb", photo.sizeBytes() / (1024.0 * 1024.0));
        return messages.text("incidents.intake.photo.line", photo.fileName(), size);
    }

    /** The file patterns the photo dialog offers: the types the service takes. */
    public List<String> photoPatterns() {
        return IncidentService.attachmentPatterns();
    }

    public ObservableList<Photo> photos() {
        return photos;
    }

    /** A chosen file that could not be read when saving (moved or deleted since it was chosen). */
    private static final class UnreadablePhoto extends RuntimeException {
        private final String fileName;

        UnreadablePhoto(String fileName, IOException cause) {
            super(fileName, cause, false, false);
            this.fileName = fileName;
        }
    }

    private static List<NewAttachment> read(List<Photo> chosen) {
        List<NewAttachment> files = new ArrayList<>();
        for (Photo photo : chosen) {
            try {
                files.add(new NewAttachment(photo.fileName(), photo.mediaType(), Files.readAllBytes(photo.file())));
            } catch (IOException e) {
                throw new UnreadablePhoto(photo.fileName(), e);
            }
        }
        return files;
    }

    /** Looks the caller up as soon as the number is typed: a repeat caller is worth knowing while still on the line. */
    public void lookUpCaller() {
        String phone = reporterPhone.get();
        runner.read(() -> incidents.callerHistoryCounted(phone, operator), found -> {
            List<IncidentSummary> earlier = found.latest();
            callerHistory.setAll(earlier);
            // The count is the caller's whole history, not the rows read: those stop at the service's limit.
            callerNote.set(earlier.isEmpty() ? "" : messages.text("incidents.intake.repeatCaller", found.total()));
            java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd");
            // The latest few are what the operator can take in on a call; the note above gives the count.
            callerHistoryLines.setAll(earlier.stream().limit(CALLER_HISTORY_SHOWN).map(summary -> messages.text(
                    "incidents.intake.earlierCase", summary.caseNo(), day.format(summary.reportedAt().atZone(zone)),
                    summary.title(), messages.text("incidents.status." + summary.status().name()))).toList());
            if (found.total() > CALLER_HISTORY_SHOWN) {
                callerHistoryLines.add(messages.text("incidents.intake.earlierTotal", found.total()));
            }
        }, failure -> {
            callerNote.set("");
            callerHistoryLines.clear();
        });
    }

    public ObservableList<String> callerHistoryLines() {
        return callerHistoryLines;
    }

    /**
     * Whether any of the call is in the form yet (a field typed, a photo chosen). Channel and risk are left out: they
     * start chosen and are one key to choose again.
     */
    public boolean hasInput() {
        return !photos.isEmpty() || java.util.stream.Stream.of(reporterName, reporterPhone, category, title, description, address,
                longitude, latitude).anyMatch(field -> field.get() != null && !field.get().isBlank());
    }

    /**
     * Esc or Cancel: true when the form may close at once (nothing typed, or saved). A form holding a call asks
     * first, with 继续填写 as the answer a second Esc or Enter gives: a stray Esc must not lose the call.
     */
    public boolean requestClose() {
        if (saved.get() || !hasInput()) {
            return true;
        }
        confirmingDiscard.set(true);
        return false;
    }

    public void keepEditing() {
        confirmingDiscard.set(false);
    }

    public BooleanProperty confirmingDiscardProperty() {
        return confirmingDiscard;
    }

    public void save() {
        if (busy.get()) {
            return;
        }
        error.set("");
        NewIncident input;
        try {
            input = new NewIncident(channel.get(), blankToNull(reporterName.get()), blankToNull(reporterPhone.get()),
                    categoryCode(), title.get(), blankToNull(description.get()), blankToNull(address.get()),
                    coordinate(longitude.get()), coordinate(latitude.get()), risk.get());
        } catch (NumberFormatException e) {
            error.set(messages.text("incidents.error.coordinates_out_of_range"));
            return;
        }
        if ((input.longitude() == null) != (input.latitude() == null)) {
            error.set(messages.text("incidents.error.coordinates_out_of_range"));
            return;
        }
        List<Photo> chosen = List.copyOf(photos);
        busy.set(true);
        // The photos are read only now, off the FX thread; the service checks them again on the bytes it stores.
        runner.write(() -> incidents.register(input, read(chosen), operator), stored -> {
            busy.set(false);
            saved.set(true);
            onSaved.accept(stored);
        }, failure -> {
            busy.set(false);
            error.set(failure instanceof UnreadablePhoto unreadable
                    ? messages.text("incidents.intake.photo.gone", unreadable.fileName)
                    : IncidentMessages.describe(failure, messages));
        });
    }

    private String categoryCode() {
        String text = category.get() == null ? "" : category.get().trim();
        if (text.isEmpty()) {
            return null;
        }
        String first = text.split("\\s+")[0];
        // A typed name or initials that matches exactly one category is as good as its code.
        if (!first.chars().allMatch(Character::isDigit)) {
            List<String> matches = suggestCategories(text);
            if (matches.size() == 1) {
                return matches.get(0).split(" ")[0];
            }
        }
        return first;
    }

    private static Double coordinate(String text) {
        return text == null || text.isBlank() ? null : Double.valueOf(text.trim());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    public ObjectProperty<Channel> channelProperty() {
        return channel;
    }

    public StringProperty reporterNameProperty() {
        return reporterName;
    }

    public StringProperty reporterPhoneProperty() {
        return reporterPhone;
    }

    public StringProperty categoryProperty() {
        return category;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty longitudeProperty() {
        return longitude;
    }

    public StringProperty latitudeProperty() {
        return latitude;
    }

    public ObjectProperty<RiskLevel> riskProperty() {
        return risk;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty callerNoteProperty() {
        return callerNote;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty savedProperty() {
        return saved;
    }

    public ObservableList<IncidentSummary> callerHistory() {
        return callerHistory;
    }
}
