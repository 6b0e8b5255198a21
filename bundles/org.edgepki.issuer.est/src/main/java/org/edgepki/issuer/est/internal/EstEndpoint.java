package org.edgepki.issuer.est.internal;

import java.net.URI;
import java.util.Optional;

/**
 * Where and how one certificate is enrolled: its EST URL, credentials and identities, with the
 * certificate's own settings over {@code [cert_issuance.est]}'s.
 *
 * @param url the EST base URL
 * @param username HTTP Basic user, if any
 * @param password its password, if any; never shown
 * @param identityId the EST identity's certificate and key id, if any
 * @param bootstrapId the bootstrap identity's certificate and key id, if any
 * @param trustedCertsId the EST server CAs' certificate id, if any
 */
record EstEndpoint(URI url, Optional<String> username, Optional<char[]> password, Optional<String> identityId,
        Optional<String> bootstrapId, Optional<String> trustedCertsId) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "EstEndpoint[" + url + ", user " + username.orElse("(none)") + ", identity " + identityId.orElse("(none)")
                + ", bootstrap " + bootstrapId.orElse("(none)") + "]";
    }
}
