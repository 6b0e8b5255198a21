package org.edgepki.certstore.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What an import file holds.
 *
 * @param chain the certificates, leaf first; never empty
 * @param privateKey the private key of the leaf, if the file holds one
 */
record ImportedCredential(List<X509Certificate> chain, Optional<PrivateKey> privateKey) {
    ImportedCredential {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an imported chain is never empty");
        }
    }

    /** @return the first certificate */
    X509Certificate leaf() {
        return chain.get(0);
    }

    /** Keeps key objects out of logs: some providers print key fields in their own toString. */
    @Override
    public String toString() {
        return "ImportedCredential[" + chain.size() + " certificates, "
                + (privateKey.isPresent() ? "with" : "without") + " private key]";
    }
}
