package org.edgepki.issuer.est.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The EST server's certs-only PKCS#7 answer, any bytes: only the declared {@link IllegalArgumentException} comes
 * out, and an accepted answer holds at least one certificate. Regression inputs in {@code CertsOnlyFuzzTestInputs}.
 */
class CertsOnlyFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] der) {
        try {
            List<X509Certificate> certificates = CertsOnly.parse(der);
            assertFalse(certificates.isEmpty());
        } catch (IllegalArgumentException declared) {
            // a clear refusal
        }
    }
}
