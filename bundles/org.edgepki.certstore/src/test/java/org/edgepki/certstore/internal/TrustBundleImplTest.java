package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.edgepki.api.CredentialIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustBundleImplTest {
    @TempDir
    Path home;
    @TempDir
    Path etc;
    private StoreFixture fixture;
    private List<X509Certificate> edgeCa;
    private List<X509Certificate> userTrust;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StoreFixture(home);
        edgeCa = TestPki.certificates(TestPki.chain("edge-ca"));
        userTrust = TestPki.certificates(TestPki.chain("user-trust"));
    }

    @Test
    void without_trust_files_and_edge_ca_the_bundle_is_empty() throws Exception {
        assertEquals(List.of(), new TrustBundleImpl(fixture.store()).certificates());
    }

    @Test
    void the_user_trust_bundle_comes_before_the_edge_ca_chain() throws Exception {
        Path trustFile = TestPki.write(etc.resolve("trust.pem"), TestPki.pem(userTrust.toArray()));
        CertificateStore store = fixture.store(CredentialIds.USER_TRUST_BUNDLE + "=" + trustFile.toUri());
        store.store(CredentialIds.EDGE_CA, edgeCa);

        List<X509Certificate> bundle = new TrustBundleImpl(store).certificates();

        assertEquals(List.of(userTrust.get(0), userTrust.get(1), userTrust.get(2),
                edgeCa.get(0), edgeCa.get(1), edgeCa.get(2)), bundle);
    }

    @Test
    void the_edge_ca_chain_alone_is_the_bundle_when_no_trust_bundle_is_configured() throws Exception {
        CertificateStore store = fixture.store();
        store.store(CredentialIds.EDGE_CA, edgeCa);

        assertEquals(edgeCa, new TrustBundleImpl(store).certificates());
    }

    @Test
    void a_certificate_in_both_appears_once_where_it_first_appears() throws Exception {
        X509Certificate sharedRoot = edgeCa.get(2);
        Path trustFile = TestPki.write(etc.resolve("trust.pem"), TestPki.pem(sharedRoot, userTrust.get(2), sharedRoot));
        CertificateStore store = fixture.store(CredentialIds.USER_TRUST_BUNDLE + "=" + trustFile.toUri());
        store.store(CredentialIds.EDGE_CA, edgeCa);

        List<X509Certificate> bundle = new TrustBundleImpl(store).certificates();

        assertEquals(List.of(sharedRoot, userTrust.get(2), edgeCa.get(0), edgeCa.get(1)), bundle);
    }

    @Test
    void a_replaced_edge_ca_shows_at_once() throws Exception {
        CertificateStore store = fixture.store();
        TrustBundleImpl trustBundle = new TrustBundleImpl(store);
        store.store(CredentialIds.EDGE_CA, edgeCa);
        assertEquals(edgeCa, trustBundle.certificates());

        List<X509Certificate> renewed = TestPki.certificates(TestPki.chain("renewed-edge-ca"));
        store.store(CredentialIds.EDGE_CA, renewed);

        assertEquals(renewed, trustBundle.certificates());
    }
}
