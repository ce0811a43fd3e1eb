package cn.zongzhi.mediation;

/** A dispute action was refused: the message key and arguments say why in the operator's language. Nothing was written. */
public final class DisputeRefused extends RuntimeException {
    private final String key;
    private final transient Object[] arguments;

    public DisputeRefused(String key, Object... arguments) {
        super(key, null, false, false);
        this.key = key;
        this.arguments = arguments;
    }

    public String key() {
        return key;
    }

    public Object[] arguments() {
        return arguments.clone();
    }
}
