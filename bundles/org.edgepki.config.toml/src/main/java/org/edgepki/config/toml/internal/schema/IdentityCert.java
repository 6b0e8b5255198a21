package org.edgepki.config.toml.internal.schema;

/** A device identity certificate: a file on the device, or issued dynamically. */
public sealed interface IdentityCert {

    /** @param uri file URI of the certificate */
    record File(String uri) implements IdentityCert {
    }

    /** @param issuance how it is issued and renewed */
    record Issued(Issuance issuance) implements IdentityCert {
    }
}
