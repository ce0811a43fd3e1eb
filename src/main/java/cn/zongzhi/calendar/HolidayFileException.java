package cn.zongzhi.calendar;

/** A holiday file that cannot be read; the message names the file and what is wrong with it. */
public final class HolidayFileException extends RuntimeException {
    public HolidayFileException(String message) {
        super(message);
    }

    public HolidayFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
