package cn.zongzhi.ui;

import javafx.beans.value.ChangeListener;
import javafx.scene.Node;

/**
 * Screens whose data others change (a case booked on another tab, closed in the queue) read it again when they
 * come into view: when the main window puts them on screen, and when their tab is chosen (a tab shows and hides
 * the region that holds its content, not the content itself). The first showing is the first read, so a
 * screen never reads at load and again when shown.
 */
public final class Shown {
    private Shown() {
    }

    public static void rereadWhenShown(Node root, Runnable reread) {
        ChangeListener<Boolean> becameVisible = (observable, was, visible) -> {
            if (visible) {
                reread.run();
            }
        };
        root.parentProperty().addListener((observable, before, now) -> {
            if (before != null) {
                before.visibleProperty().removeListener(becameVisible);
            }
            if (now != null) {
                now.visibleProperty().addListener(becameVisible);
                if (now.isVisible()) {
                    reread.run();
                }
            }
        });
    }
}
