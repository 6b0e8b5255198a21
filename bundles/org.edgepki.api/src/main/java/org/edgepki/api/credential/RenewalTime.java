package org.edgepki.api.credential;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A renewal {@code threshold} or {@code retry}: a percentage of the certificate's lifetime, or an
 * absolute time. IoT Edge's documentation spells absolute times both {@code 4day}/{@code 10min}
 * and {@code 4d}/{@code 10m}; both are accepted and nothing else. This is the one grammar: the
 * config.toml adapter validates with it and the credential service schedules with it.
 *
 * @param percent 1–99, or 0 for an absolute time
 * @param absolute the absolute time, or null for a percentage
 */
public record RenewalTime(int percent, Duration absolute) {
    /** The rule every value keeps, as it is told to the user. */
    public static final String RULE = "must be a percentage 1%–99% (e.g. \"80%\"), or a whole number followed by"
            + " day/d or min/m (e.g. \"4day\", \"10min\")";
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Pattern ABSOLUTE = Pattern.compile("(\\d{1,9})(day|d|min|m)");

    /**
     * @throws IllegalArgumentException unless it is a percentage 1–99 without a time, or a positive time with
     *     percent 0
     */
    public RenewalTime {
        boolean percentage = absolute == null && percent >= 1 && percent <= 99;
        boolean time = absolute != null && percent == 0 && absolute.compareTo(Duration.ZERO) > 0;
        if (!percentage && !time) {
            throw new IllegalArgumentException("a renewal time is a percentage 1-99 or a positive time, not " + percent
                    + "% / " + absolute);
        }
    }

    /** @return the value, or empty when the text breaks {@link #RULE} */
    public static Optional<RenewalTime> parse(String text) {
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches()) {
            int value = Integer.parseInt(percent.group(1));
            return value >= 1 && value <= 99 ? Optional.of(new RenewalTime(value, null)) : Optional.empty();
        }
        Matcher absolute = ABSOLUTE.matcher(text);
        if (absolute.matches()) {
            long amount = Long.parseLong(absolute.group(1));
            if (amount == 0) {
                return Optional.empty();
            }
            boolean days = absolute.group(2).startsWith("d");
            return Optional.of(new RenewalTime(0, days ? Duration.ofDays(amount) : Duration.ofMinutes(amount)));
        }
        return Optional.empty();
    }

    /** @param percent 1–99 */
    public static RenewalTime percent(int percent) {
        return new RenewalTime(percent, null);
    }

    /** @return whether this is a share of the lifetime */
    public boolean isPercentage() {
        return absolute == null;
    }

    /** The canonical spelling: {@code 80%}, {@code 4day} or {@code 10min}. */
    @Override
    public String toString() {
        if (isPercentage()) {
            return percent + "%";
        }
        long minutes = absolute.toMinutes();
        return minutes % (24 * 60) == 0 ? minutes / (24 * 60) + "day" : minutes + "min";
    }
}
