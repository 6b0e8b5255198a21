package org.edgepki.config.toml.internal.schema;

import java.util.List;
import java.util.Optional;

/**
 * A certificate subject from a {@code subject} table or a {@code common_name}, as
 * {@code ATTRIBUTE=value} entries in the order written.
 *
 * @param entries for example {@code ["L=AQ", "ST=Antarctica", "CN=test CA"]}
 */
public record DistinguishedName(List<String> entries) {

    public DistinguishedName {
        entries = List.copyOf(entries);
    }

    /** @return a subject holding only a common name */
    public static DistinguishedName commonName(String commonName) {
        return new DistinguishedName(List.of("CN=" + commonName));
    }

    /** @return the value of the CN attribute, if there is one */
    public Optional<String> commonName() {
        return entries.stream().filter(entry -> entry.startsWith("CN=")).map(entry -> entry.substring(3)).findFirst();
    }

    /** @return whether only a CN is given */
    public boolean isCommonNameOnly() {
        return entries.size() == 1 && commonName().isPresent();
    }
}
