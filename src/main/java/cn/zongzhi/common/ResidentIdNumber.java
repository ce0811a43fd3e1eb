package cn.zongzhi.common;

/** The check character of an 18-digit resident ID number (GB 11643-1999, ISO 7064 MOD 11-2). */
public final class ResidentIdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ResidentIdNumber() {
    }

    /** @param first17 the region code, birth date and sequence (17 digits) */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("expected 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("expected digits only");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    public static boolean hasValidCheckCharacter(String number) {
        if (number == null || number.length() != 18) {
            return false;
        }
        try {
            return Character.toUpperCase(number.charAt(17)) == checkCharacter(number.substring(0, 17));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
