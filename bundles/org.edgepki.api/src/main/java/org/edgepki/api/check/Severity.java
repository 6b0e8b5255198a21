package org.edgepki.api.check;

/** How bad a finding is, from best to worst; {@link #exitCode()} is what {@code edgepki check} returns. */
public enum Severity {
    /** Ready for production in this respect. */
    OK,
    /** Works, but should be fixed before production (or soon). */
    WARNING,
    /** Broken now, or not acceptable in production. */
    ERROR;

    /** @return 0 for {@link #OK}, 1 for {@link #WARNING}, 2 for {@link #ERROR} */
    public int exitCode() {
        return ordinal();
    }

    /**
     * @param other another severity
     * @return the worse of the two
     */
    public Severity worse(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
