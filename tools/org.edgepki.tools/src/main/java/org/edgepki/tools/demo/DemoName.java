package org.edgepki.tools.demo;

import java.util.regex.Pattern;

/**
 * A device name, device id or verification code: it becomes a certificate common name and part
 * of file names, so it is limited to characters that are safe in both.
 *
 * @param value the name as given
 */
record DemoName(String value) {
    /** RFC 5280 ub-common-name. */
    static final int MAX_COMMON_NAME_LENGTH = 64;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    DemoName {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' may contain only letters, digits, '.', '_' and '-',"
                    + " and must start with a letter or digit");
        }
        if (value.length() > MAX_COMMON_NAME_LENGTH) {
            throw new IllegalArgumentException("'" + value + "' is longer than " + MAX_COMMON_NAME_LENGTH
                    + " characters, the limit for a certificate common name");
        }
    }

    /**
     * @param role what the name is for, for the message ("device name")
     * @throws IllegalArgumentException starting with the role, saying what is wrong
     */
    static DemoName parse(String role, String value) {
        try {
            return new DemoName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(role + " " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
