package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.junit.jupiter.api.Test;

/** The {@code os-trust-store} check's findings on a temporary OS trust store ({@link FakeDebianHost}). */
class OsTrustStoreCheckTest extends OsTrustStoreFixture {
    private Optional<List<X509Certificate>> edgeCaChain() {
        return Optional.of(List.of(edgeCa.certificate(), edgeRoot.certificate()));
    }

    @Test
    void the_os_bundle_holding_the_edge_ca_root_is_ok() throws Exception {
        Files.write(host.bundle, OsTrustStore.content(edgeRoot.certificate()));

        assertEquals(List.of(Finding.ok("os-trust-store", "aziot-edged-ca", "the OS trust store (" + host.bundle
                + ") holds the root of the Edge CA chain")), OsTrustStoreCheck.findings(host.store(), edgeCaChain()));
        assertEquals(Severity.OK, OsTrustStoreCheck.findings(host.store(),
                Optional.of(List.of(edgeCa.certificate()))).get(0).severity(), "a chain without its root: its issuer counts");
    }

    @Test
    void the_os_bundle_without_the_edge_ca_root_is_a_warning_that_says_to_run_trust_install() throws Exception {
        List<Finding> findings = OsTrustStoreCheck.findings(host.store(), edgeCaChain());

        assertEquals(1, findings.size());
        Finding finding = findings.get(0);
        assertEquals(Severity.WARNING, finding.severity(), "never an error: only host programs are affected");
        assertEquals("aziot-edged-ca", finding.subject());
        assertEquals("the OS trust store (" + host.bundle + ") does not hold the root of the Edge CA chain (CN=edge root):"
                + " programs on the host cannot verify edgeHub", finding.message());
        assertEquals("run edgepki:trust install as root: it writes the trust bundle's roots to " + host.anchors
                + " and runs update-ca-certificates", finding.fix());
    }

    @Test
    void where_install_cannot_work_the_warning_says_what_to_do_instead() {
        OsTrustStore noAnchors = new OsTrustStore(temp.resolve("none"), host.bundle, host.update.toString(), List.of(),
                Duration.ofSeconds(5));

        Finding finding = OsTrustStoreCheck.findings(noAnchors, edgeCaChain()).get(0);

        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.fix().startsWith("the OS trust store is unknown here (no directory " + temp.resolve("none")),
                finding.fix());
    }

    @Test
    void without_an_os_bundle_file_the_store_is_unknown_and_the_finding_is_ok() throws Exception {
        Files.delete(host.bundle);

        assertEquals(List.of(Finding.ok("os-trust-store", host.bundle.toString(), "the OS trust store is unknown (no "
                + host.bundle + "): not checked; install the Edge CA chain's root as the OS documents it")),
                OsTrustStoreCheck.findings(host.store(), edgeCaChain()));
    }

    @Test
    void a_corrupt_os_bundle_is_a_warning_and_no_edge_ca_is_no_finding() throws Exception {
        assertEquals(List.of(), OsTrustStoreCheck.findings(host.store(), Optional.empty()),
                "no Edge CA yet: trust-bundle-root reports it");

        Files.writeString(host.bundle, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Finding finding = OsTrustStoreCheck.findings(host.store(), edgeCaChain()).get(0);

        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.message().startsWith("the OS trust store cannot be read: " + host.bundle
                + " holds a corrupt PEM block"), finding.message());
    }
}
