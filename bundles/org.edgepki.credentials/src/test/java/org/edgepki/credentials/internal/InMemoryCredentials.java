package org.edgepki.credentials.internal;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.issuer.CertificateIssuer;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.IssuanceRequest;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;

/**
 * Key store, certificate store and a self-signing issuer in memory, for the renewal protocol's
 * unit tests: every mutating call counts as a step, and the store can be told to "crash" (throw
 * {@link Crash}) at a given step, freezing its state as a killed process would leave it. The real
 * stores, on real files, are used by the integration tests and the forked-JVM kill test.
 */
final class InMemoryCredentials implements CredentialRenewal.Dependencies {
    /** Thrown at the crash step; nothing after it runs. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    final Map<String, KeyPair> keys = new HashMap<>();
    final Map<String, List<X509Certificate>> certs = new HashMap<>();
    /** The ids whose chains are preloaded files (an operator's, never written by edgepki). */
    final java.util.Set<String> preloaded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    int steps;
    int crashAt = -1;
    volatile boolean issuerDown;
    /** When set, the issuer answers like an EST server holding requests for manual approval. */
    volatile java.time.Duration pendingFor;
    /** When set, issued certificates end no later than this, like a CA's own notAfter capping them. */
    volatile Instant capAt;
    /** The issuer's clock (the test's, when it moves time). */
    volatile java.time.Clock clock = java.time.Clock.systemUTC();
    /** When set, the issuer refuses every request with this. */
    volatile IssuanceException issuerRefuses;
    /** When set, the issuer throws what this makes (an unchecked exception or an Error, as a broken issuer would). */
    volatile java.util.function.Supplier<Throwable> issuerThrows;
    /** When set, issued certificates start this long before now (as some CAs backdate a lot). */
    volatile java.time.Duration backdate;

    private void step() {
        steps++;
        if (steps == crashAt) {
            throw new Crash();
        }
    }

    static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate selfSigned(KeyPair key, String subject, Instant notBefore, Instant notAfter) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(subject),
                    BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name(subject), key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyPairInfo info(String id, KeyPair pair) {
        return new KeyPairInfo(id, URI.create("memory:" + id), KeyAlgorithm.EC_P256, pair.getPublic());
    }

    private StoredCertificate stored(String id, List<X509Certificate> chain) {
        return new StoredCertificate(id, URI.create("memory:" + id), chain, preloaded.contains(id), "00", "00");
    }

    @Override
    public KeyService keys() {
        return new KeyService() {
            @Override
            public KeyPairInfo createKeyPairIfNotExists(String keyId, String algorithmPreference) {
                if (!keys.containsKey(keyId)) {
                    step();
                    keys.put(keyId, newKey());
                }
                return info(keyId, keys.get(keyId));
            }

            @Override
            public Optional<KeyPairInfo> find(String keyId) {
                return Optional.ofNullable(keys.get(keyId)).map(pair -> info(keyId, pair));
            }

            @Override
            public KeyPairInfo get(String keyId) throws KeyException {
                return find(keyId).orElseThrow(() -> new KeyException(keyId, "no key"));
            }

            @Override
            public KeyPairInfo importPrivateKey(String keyId, PrivateKey privateKey) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String keyId) {
                step();
                keys.remove(keyId);
            }

            @Override
            public void move(String fromKeyId, String toKeyId) throws KeyException {
                if (!keys.containsKey(fromKeyId)) {
                    throw new KeyException(fromKeyId, "nothing to move");
                }
                step();
                keys.put(toKeyId, keys.remove(fromKeyId));
            }

            @Override
            public byte[] sign(String keyId, String signatureAlgorithm, byte[] data) throws KeyException {
                try {
                    Signature signature = Signature.getInstance(signatureAlgorithm);
                    get(keyId);
                    signature.initSign(keys.get(keyId).getPrivate());
                    signature.update(data);
                    return signature.sign();
                } catch (java.security.GeneralSecurityException e) {
                    throw new KeyException(keyId, e.toString());
                }
            }

            @Override
            public X509KeyManager keyManager(String keyId, List<X509Certificate> chain) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public CertificateService certs() {
        return new CertificateService() {
            @Override
            public Optional<StoredCertificate> find(String certId) {
                return Optional.ofNullable(certs.get(certId)).map(chain -> stored(certId, chain));
            }

            @Override
            public StoredCertificate get(String certId) {
                return find(certId).orElseThrow();
            }

            @Override
            public StoredCertificate store(String certId, List<X509Certificate> chain) {
                step();
                certs.put(certId, List.copyOf(chain));
                return stored(certId, chain);
            }

            @Override
            public StoredCertificate importFile(String certId, Path file, char[] password) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String certId) {
                step();
                certs.remove(certId);
            }

            @Override
            public void move(String fromCertId, String toCertId) {
                step();
                certs.put(toCertId, certs.remove(fromCertId));
            }

            @Override
            public List<String> ids() {
                return List.copyOf(certs.keySet());
            }
        };
    }

    @Override
    public CertificateIssuer issuer(String method) throws CredentialException {
        if (issuerDown) {
            throw new CredentialException(method, "the issuer is not available", true, null);
        }
        return (IssuanceRequest request) -> {
            if (pendingFor != null) {
                throw new IssuanceException(request.certId(), "held for manual approval", pendingFor);
            }
            IssuanceException refusal = issuerRefuses;
            if (refusal != null) {
                throw refusal;
            }
            java.util.function.Supplier<Throwable> thrown = issuerThrows;
            if (thrown != null) {
                Throwable unchecked = thrown.get();
                if (unchecked instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) unchecked;
            }
            try {
                PKCS10CertificationRequest csr = new PKCS10CertificationRequest(request.csr());
                Instant now = clock.instant();
                KeyPair subject = keys.get(request.keyId());
                java.time.Duration back = backdate;
                Instant notBefore = back == null ? now : now.minus(back);
                Instant notAfter = notBefore.plus(request.validity());
                Instant cap = capAt;
                return List.of(selfSigned(subject, csr.getSubject().toString(), notBefore,
                        cap != null && cap.isBefore(notAfter) ? cap : notAfter));
            } catch (java.io.IOException e) {
                throw new IssuanceException(request.certId(), e.toString(), false, e);
            }
        };
    }
}
