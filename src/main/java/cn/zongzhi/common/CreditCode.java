package cn.zongzhi.common;

/** The check character of an 18-character unified social credit code (GB 32100-2015). */
public final class CreditCode {
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {
    }

    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("expected 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not allowed in a credit code");
            }
            sum += value * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }

    public static boolean hasValidCheckCharacter(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        try {
            return code.charAt(17) == checkCharacter(code.substring(0, 17));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
