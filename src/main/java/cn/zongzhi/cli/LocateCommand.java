package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.gridmap.CoordinateSystem;
import cn.zongzhi.gridmap.GridLocators;
import cn.zongzhi.gridmap.PlaceLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "locate", description = {
        "Print the areas and grids that contain a point, outermost first, one per line: code<TAB>name<TAB>level.",
        "Says so on stderr when the point lies within 50 m of a boundary. Exit code 1 when nothing contains it."})
final class LocateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lon", required = true, paramLabel = "X", description = "longitude in degrees east")
    double longitude;

    @Option(names = "--lat", required = true, paramLabel = "Y", description = "latitude in degrees north")
    double latitude;

    @Option(names = "--crs", paramLabel = "wgs84|gcj02", defaultValue = "wgs84",
            description = "coordinate system of the point (default wgs84, as phones report; gcj02 for Chinese web maps)")
    String crs;

    @Override
    public Integer call() {
        CoordinateSystem system = CoordinateSystem.parse(crs);
        if (system == null) {
            throw new UserError("--crs must be wgs84 or gcj02, not " + crs);
        }
        if (Double.isNaN(longitude) || Double.isNaN(latitude) || Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
            throw new UserError("not a position on the earth: --lon " + longitude + " --lat " + latitude);
        }
        double[] wgs84 = system.toWgs84(longitude, latitude);
        PlaceLocator.Answer answer;
        try (Database database = Database.open(DatabaseOption.resolve(main))) {
            answer = GridLocators.placesFromDatabase(database.dsl()).locate(wgs84[0], wgs84[1]);
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (answer.places().isEmpty()) {
            err.printf("no area or grid in the database contains %.6f, %.6f (%s)%n", longitude, latitude,
                    system.name().toLowerCase(Locale.ROOT));
            err.flush();
            return 1;
        }
        answer.places().forEach(place -> out.printf("%s\t%s\t%s%n", place.code(), place.name(), place.level()));
        out.flush();
        PlaceLocator.BoundaryNote note = answer.nearBoundary();
        if (note != null) {
            err.printf(Locale.ROOT, "注意 note: %.0f m from the edge of %s %s%s; a GPS error could put it on the other side%n",
                    note.metres(), note.place().code(), note.place().name(),
                    note.neighbour() == null ? "" : " (next to " + note.neighbour().code() + " " + note.neighbour().name() + ")");
            err.flush();
        }
        return 0;
    }
}
