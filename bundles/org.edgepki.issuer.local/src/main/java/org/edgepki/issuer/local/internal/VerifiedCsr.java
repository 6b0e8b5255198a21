package org.edgepki.issuer.local.internal;

import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The parts of a PKCS#10 request that go into a certificate, available only after its signature
 * was checked by {@link CsrVerifier}.
 *
 * @param subject the subject name, with the encoding the requester chose
 * @param publicKey the subject public key, which signed the request
 */
record VerifiedCsr(X500Name subject, PublicKey publicKey) {

    VerifiedCsr {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** @return whether the subject name has no relative distinguished names at all */
    boolean hasEmptySubject() {
        return subject.getRDNs().length == 0;
    }
}
