package cn.zongzhi.reports;

import java.util.List;

/** Every figure of one scope, in the order of {@link Kpi}. */
public record KpiSet(KpiScope scope, String areaName, List<KpiFigure> figures) {
    public KpiSet {
        figures = List.copyOf(figures);
    }

    public KpiFigure figure(Kpi kpi) {
        return figures.stream().filter(figure -> figure.kpi() == kpi).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure " + kpi));
    }
}
