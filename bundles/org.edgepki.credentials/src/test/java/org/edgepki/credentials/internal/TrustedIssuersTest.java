package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.common.osgi.AwaitedServices;
import org.edgepki.common.osgi.TrustedBundles;
import org.junit.jupiter.api.Test;

/** Only issuers of trusted bundles issue credentials; another bundle's is ignored until the operator trusts it. */
class TrustedIssuersTest {
    private final AwaitedServices<CertificateIssuer> used = new AwaitedServices<>();
    private final TrustedIssuers issuers = new TrustedIssuers(used);
    private final CertificateIssuer ours = request -> {
        throw new UnsupportedOperationException();
    };
    private final CertificateIssuer theirs = request -> {
        throw new UnsupportedOperationException();
    };
    private final CertificateIssuer evil = request -> {
        throw new UnsupportedOperationException();
    };

    @Test
    void an_issuer_from_an_untrusted_bundle_is_not_used_until_its_bundle_is_trusted() {
        issuers.add(ours, Map.of(CertificateIssuer.METHOD, "est", "service.id", 5L, "service.bundleid", 3L));
        issuers.add(theirs, Map.of(CertificateIssuer.METHOD, "local_ca", "service.id", 6L, "service.bundleid", 66L));
        assertNull(used.current("est"), "nothing is decided before the component is configured");

        issuers.trust(TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI}), this::name);
        assertSame(ours, used.current("est"));
        assertNull(used.current("local_ca"));

        issuers.add(evil, Map.of(CertificateIssuer.METHOD, "est", "service.id", 7L, "service.bundleid", 66L));
        assertSame(ours, used.current("est"), "an untrusted issuer does not replace a trusted one");

        issuers.trust(TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI, "com.acme.issuer"}), this::name);
        assertSame(theirs, used.current("local_ca"), "once the operator trusts its bundle");
        issuers.trust(TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI}), this::name);
        assertNull(used.current("local_ca"));
        assertSame(ours, used.current("est"), "an issuer going does not take the trusted one of its method along");
    }

    private String name(long bundleId) {
        return bundleId == 3L ? "org.edgepki.issuer.est" : "com.acme.issuer";
    }
}
