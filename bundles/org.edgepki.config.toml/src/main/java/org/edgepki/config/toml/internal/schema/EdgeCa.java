package org.edgepki.config.toml.internal.schema;

/** The {@code [edge_ca]} section: one of three ways to have an Edge CA. */
public sealed interface EdgeCa {

    /**
     * Quickstart: self-signed, generated on the device. Not for production.
     *
     * @param expiryDays {@code auto_generated_edge_ca_expiry_days}
     * @param autoRenew {@code [edge_ca.auto_renew]}, or the default 80 % / 4 %
     */
    record Quickstart(int expiryDays, RenewalPolicy autoRenew) implements EdgeCa {
        public static final int DEFAULT_EXPIRY_DAYS = 90;
    }

    /**
     * From files of the user's PKI; never renewed by edgepki.
     *
     * @param cert file URI of the certificate chain
     * @param pk the key
     */
    record Preloaded(String cert, KeyLocation pk) implements EdgeCa {
    }

    /**
     * Issued by {@code method}; always renewed.
     *
     * @param issuance method, subject, lifetime, EST settings and renewal policy
     */
    record Issued(Issuance issuance) implements EdgeCa {
    }
}
