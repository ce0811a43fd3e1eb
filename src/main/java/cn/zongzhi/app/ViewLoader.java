package cn.zongzhi.app;

import cn.zongzhi.common.Messages;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.util.Callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** Loads a {@link Screen}'s FXML with the user's bundle; controllers come from the composition root's factory. */
public final class ViewLoader {
    private final Messages messages;
    private final Callback<Class<?>, Object> controllerFactory;

    public ViewLoader(Messages messages, Callback<Class<?>, Object> controllerFactory) {
        this.messages = messages;
        this.controllerFactory = controllerFactory;
    }

    public Loaded load(Screen screen) {
        URL location = ViewLoader.class.getResource(screen.resource());
        if (location == null) {
            throw new IllegalStateException("FXML missing from the classpath: " + screen.resource());
        }
        FXMLLoader loader = new FXMLLoader(location, messages.bundle());
        loader.setControllerFactory(controllerFactory);
        try {
            Parent root = loader.load();
            return new Loaded(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + screen.resource(), e);
        }
    }

    public record Loaded(Parent root, Object controller) {
        public <C> C controller(Class<C> type) {
            return type.cast(controller);
        }
    }
}
