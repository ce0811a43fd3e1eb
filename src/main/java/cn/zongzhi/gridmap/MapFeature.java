package cn.zongzhi.gridmap;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.util.UUID;

/**
 * An outline ready to draw: its rings as flat x,y arrays in projected metres (one array per ring, holes
 * included, filled even-odd), its box, where its label goes, and the projected geometry for hit tests.
 */
public record MapFeature(FeatureKind kind, UUID gridId, String code, String name, String areaCode, UUID parentGridId,
                         double[][] rings, Envelope bounds, double labelX, double labelY, Geometry geometry,
                         int households, int population) {

    /** Grids have ids, areas have codes: either identifies the feature for selection. */
    public String key() {
        return gridId != null ? gridId.toString() : code;
    }
}
