package cn.zongzhi.common;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a party's identity number as the mediation desk and the {@code id-check} command need it: an
 * 18-digit resident ID number (GB 11643: region, birth date, sequence, MOD 11-2 check character), a
 * 15-digit one of the first generation (no check character, two-digit year of the 1900s), or an 18-character
 * unified social credit code (GB 32100: alphabet without I, O, Z, S, V; MOD 31 check character).
 *
 * <p>The region is checked at province level only: people carry the codes of counties that have since been
 * merged or renamed, and a current county list would turn their valid numbers away.
 */
public final class IdentityCheck {
    /** Provinces and the residence-permit prefixes: 81 Hong Kong, 82 Macau, 83 Taiwan, 91/93 foreigners. */
    private static final Set<String> REGIONS = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63",
            "64", "65", "71", "81", "82", "83", "91", "93");

    private IdentityCheck() {
    }

    public enum Kind { RESIDENT_ID_18, RESIDENT_ID_15, CREDIT_CODE, UNKNOWN }

    /** @param reason null when valid; otherwise one short English sentence fragment */
    public record Result(String value, Kind kind, boolean valid, String reason, LocalDate birthDate) {
    }

    public static Result check(String raw, LocalDate today) {
        // Imported lists write numbers in groups ("91 110000 600037341L"); the grouping is not part of the number.
        String value = raw == null ? "" : raw.replaceAll("[\\s-]", "");
        if (value.isEmpty()) {
            return new Result(value, Kind.UNKNOWN, false, "empty", null);
        }
        if (value.length() == 15) {
            return residentId15(value, today);
        }
        if (value.length() != 18) {
            return new Result(value, Kind.UNKNOWN, false, "wrong length: " + value.length()
                    + " characters (18 or 15 for an ID number, 18 for a credit code)", null);
        }
        if (value.substring(0, 17).chars().allMatch(Character::isDigit) && isDigitOrX(value.charAt(17))) {
            // All digits fit both kinds (121200004013590816 is a credit code): whichever accepts it wins; if
            // neither does, the ID number's reason is the likelier one to help.
            Result asId = residentId18(value, today);
            if (asId.valid()) {
                return asId;
            }
            Result asCode = creditCode(value);
            return asCode.valid() ? asCode : asId;
        }
        return creditCode(value);
    }

    private static boolean isDigitOrX(char c) {
        return Character.isDigit(c) || c == 'X' || c == 'x';
    }

    private static Result residentId18(String value, LocalDate today) {
        String region = value.substring(0, 2);
        if (!REGIONS.contains(region)) {
            return new Result(value, Kind.RESIDENT_ID_18, false, "no province or residence-permit region " + region, null);
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                    Integer.parseInt(value.substring(12, 14)));
        } catch (DateTimeException e) {
            return new Result(value, Kind.RESIDENT_ID_18, false, "no such birth date " + value.substring(6, 14), null);
        }
        if (birth.getYear() < 1850 || birth.isAfter(today)) {
            return new Result(value, Kind.RESIDENT_ID_18, false, "birth date " + birth + " out of range", birth);
        }
        char expected = ResidentIdNumber.checkCharacter(value.substring(0, 17));
        if (Character.toUpperCase(value.charAt(17)) != expected) {
            return new Result(value, Kind.RESIDENT_ID_18, false, "check character should be " + expected, birth);
        }
        return new Result(value, Kind.RESIDENT_ID_18, true, null, birth);
    }

    private static Result residentId15(String value, LocalDate today) {
        if (!value.chars().allMatch(Character::isDigit)) {
            return new Result(value, Kind.RESIDENT_ID_15, false, "a 15-digit ID number has digits only", null);
        }
        String region = value.substring(0, 2);
        if (!REGIONS.contains(region)) {
            return new Result(value, Kind.RESIDENT_ID_15, false, "no province region " + region, null);
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(1900 + Integer.parseInt(value.substring(6, 8)), Integer.parseInt(value.substring(8, 10)),
                    Integer.parseInt(value.substring(10, 12)));
        } catch (DateTimeException e) {
            return new Result(value, Kind.RESIDENT_ID_15, false, "no such birth date 19" + value.substring(6, 12), null);
        }
        if (birth.isAfter(today)) {
            return new Result(value, Kind.RESIDENT_ID_15, false, "birth date " + birth + " out of range", birth);
        }
        return new Result(value, Kind.RESIDENT_ID_15, true, null, birth);
    }

    private static Result creditCode(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            if (CreditCode.ALPHABET.indexOf(upper.charAt(i)) < 0) {
                return new Result(value, Kind.CREDIT_CODE, false, "character '" + value.charAt(i) + "' at position "
                        + (i + 1) + " is not used in credit codes", null);
            }
        }
        if (!upper.equals(value)) {
            return new Result(value, Kind.CREDIT_CODE, false, "credit codes are written in capitals", null);
        }
        // The registration authority and the kind of entity: digits in every code issued so far.
        if (!Character.isDigit(value.charAt(0)) || !Character.isDigit(value.charAt(1))) {
            return new Result(value, Kind.CREDIT_CODE, false, "the first two characters (authority, kind) must be digits", null);
        }
        if (!value.substring(2, 8).chars().allMatch(Character::isDigit)) {
            return new Result(value, Kind.CREDIT_CODE, false, "characters 3–8 must be a region code", null);
        }
        char expected = CreditCode.checkCharacter(value.substring(0, 17));
        if (value.charAt(17) != expected) {
            return new Result(value, Kind.CREDIT_CODE, false, "check character should be " + expected, null);
        }
        return new Result(value, Kind.CREDIT_CODE, true, null, null);
    }
}
