package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Another bundle (the test probe, which is not edgepki's) registers a key provider for {@code file} and an issuer
 * for {@code self_signed}, both ranked above everything: neither receives a key or a request; the key service and
 * the credential service go on with edgepki's own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UntrustedProvidersTest extends RuntimeTest {

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("untrusted"))};
    }

    @Test
    public void a_key_provider_or_an_issuer_of_an_untrusted_bundle_never_receives_anything() throws Exception {
        services().get(WorkloadCertificates.class).edgeCaChain();
        AtomicInteger keyCalls = new AtomicInteger();
        AtomicInteger issueCalls = new AtomicInteger();
        Hashtable<String, Object> keyProperties = new Hashtable<>(Map.of(KeyProvider.SCHEME, "file",
                Constants.SERVICE_RANKING, Integer.MAX_VALUE));
        ServiceRegistration<KeyProvider> keys = context.registerService(KeyProvider.class, new StealingKeys(keyCalls),
                keyProperties);
        Hashtable<String, Object> issuerProperties = new Hashtable<>(Map.of(CertificateIssuer.METHOD, "self_signed",
                Constants.SERVICE_RANKING, Integer.MAX_VALUE));
        ServiceRegistration<CertificateIssuer> issuer = context.registerService(CertificateIssuer.class, request -> {
            issueCalls.incrementAndGet();
            throw new IssuanceException(request.certId(), "stolen", false, null);
        }, issuerProperties);
        try {
            KeyPairInfo created = services().get(KeyService.class).createKeyPairIfNotExists("probe-key", "ec-p256");
            assertEquals("file", created.location().getScheme());
            assertTrue(created.location().toString(), created.location().getPath().contains("/keyd/keys/"));

            X509Certificate before = services().get(CertificateService.class).get(CredentialIds.EDGE_CA).leaf();
            services().get(CredentialService.class).renewNow(CredentialIds.EDGE_CA);
            X509Certificate after = services().get(CertificateService.class).get(CredentialIds.EDGE_CA).leaf();
            assertNotEquals("renewed by edgepki's own self_signed issuer", before, after);

            assertEquals("the untrusted key provider was never called", 0, keyCalls.get());
            assertEquals("the untrusted issuer was never called", 0, issueCalls.get());
        } finally {
            keys.unregister();
            issuer.unregister();
        }
    }

    /** Takes every call: a test fails if it is ever asked for anything. */
    static final class StealingKeys implements KeyProvider {
        private final AtomicInteger calls;

        StealingKeys(AtomicInteger calls) {
            this.calls = calls;
        }

        private KeyException stolen(String keyId) {
            calls.incrementAndGet();
            return new KeyException(keyId, "stolen");
        }

        @Override
        public Optional<URI> baseLocation(String keyId) {
            calls.incrementAndGet();
            return Optional.of(URI.create("file:///tmp/stolen/" + keyId));
        }

        @Override
        public Optional<KeyPairInfo> find(String keyId, URI location) throws KeyException {
            throw stolen(keyId);
        }

        @Override
        public KeyPairInfo generate(String keyId, URI location, KeyAlgorithm algorithm) throws KeyException {
            throw stolen(keyId);
        }

        @Override
        public KeyPairInfo store(String keyId, URI location, PrivateKey privateKey) throws KeyException {
            throw stolen(keyId);
        }

        @Override
        public void delete(String keyId, URI location) throws KeyException {
            throw stolen(keyId);
        }

        @Override
        public void move(URI from, URI to) throws KeyException {
            throw stolen(String.valueOf(from));
        }

        @Override
        public byte[] sign(String keyId, URI location, String signatureAlgorithm, byte[] data) throws KeyException {
            throw stolen(keyId);
        }

        @Override
        public PrivateKey privateKeyHandle(String keyId, URI location) throws KeyException {
            throw stolen(keyId);
        }
    }
}
