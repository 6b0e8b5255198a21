package org.edgepki.common.osgi;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A name pattern where {@code *} stands for any run of characters (none included) and every other
 * character stands for itself; it matches the whole name.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text) {
        this.text = text;
        this.pattern = Pattern.compile(Stream.of(text.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.DOTALL);
    }

    /**
     * @param text the glob, such as {@code org.edgepki.*}
     * @return it compiled
     */
    public static Glob of(String text) {
        return new Glob(text);
    }

    /**
     * @param name a name, or null
     * @return whether the whole name matches
     */
    public boolean matches(String name) {
        return name != null && pattern.matcher(name).matches();
    }

    /** @return the glob as written */
    @Override
    public String toString() {
        return text;
    }
}
