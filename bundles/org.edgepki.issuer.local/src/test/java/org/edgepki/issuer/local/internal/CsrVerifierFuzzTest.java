package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.edgepki.api.issuer.IssuanceException;

/**
 * The local CA's CSR check on any bytes: only the declared {@link IssuanceException} comes out; an accepted request
 * has a subject and a public key. Regression inputs in {@code CsrVerifierFuzzTestInputs}.
 */
class CsrVerifierFuzzTest {
    private static final CsrVerifier VERIFIER = new CsrVerifier();

    @FuzzTest(maxDuration = "10m")
    void verify(byte[] der) {
        try {
            VerifiedCsr csr = VERIFIER.verify("fuzzed", der);
            assertNotNull(csr.subject());
            assertNotNull(csr.publicKey());
        } catch (IssuanceException declared) {
            // a clear refusal
        }
    }
}
