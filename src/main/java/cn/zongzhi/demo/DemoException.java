package cn.zongzhi.demo;

/** The demo cannot be generated here; the message says why. */
public final class DemoException extends RuntimeException {
    public DemoException(String message) {
        super(message);
    }
}
