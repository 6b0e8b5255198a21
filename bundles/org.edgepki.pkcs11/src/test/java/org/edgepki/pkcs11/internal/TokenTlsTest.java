package org.edgepki.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.KeyHandleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys on a real SoftHSM2 token used by the JDK's signature API and by JSSE, over loopback TLS. */
class TokenTlsTest {
    private static Pkcs11KeyProvider provider;

    @BeforeAll
    static void token() throws Exception {
        KeyHandleProvider.install(Pkcs11KeyProvider.HANDLES, "test");
        provider = new Pkcs11KeyProvider();
        provider.configure(SoftHsm.LIBRARY, "pkcs11:token=" + SoftHsm.newToken() + "?pin-value=" + SoftHsm.USER_PIN);
    }

    @AfterAll
    static void close() {
        provider.deactivate();
    }

    @Test
    void the_handle_has_no_key_material_and_signs_through_the_jca() throws Exception {
        URI location = provider.baseLocation("ec").orElseThrow();
        KeyPairInfo key = provider.generate("ec", location, KeyAlgorithm.EC_P256);
        PrivateKey handle = provider.privateKeyHandle("ec", location);
        assertNull(handle.getEncoded());
        assertTrue(handle.toString().contains(location.toString()));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(handle);
        signer.update(new byte[100]);
        byte[] signature = signer.sign();
        assertEquals(Pkcs11KeyProvider.HANDLES, signer.getProvider().getName());
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key.publicKey());
        verifier.update(new byte[100]);
        assertTrue(verifier.verify(signature));
    }

    @Test
    void rsa_pss_signatures_for_tls_1_3() throws Exception {
        URI location = provider.baseLocation("rsa").orElseThrow();
        KeyPairInfo key = provider.generate("rsa", location, KeyAlgorithm.RSA_2048);
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        Signature signer = Signature.getInstance("RSASSA-PSS");
        signer.initSign(provider.privateKeyHandle("rsa", location));
        signer.setParameter(pss);
        signer.update(new byte[77]);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(pss);
        verifier.initVerify(key.publicKey());
        verifier.update(new byte[77]);
        assertTrue(verifier.verify(signature));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void a_tls_server_authenticates_with_a_token_key(String protocol) throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048}) {
            String keyId = "tls-" + algorithm.preferenceName() + "-" + protocol;
            URI location = provider.baseLocation(keyId).orElseThrow();
            KeyPairInfo key = provider.generate(keyId, location, algorithm);
            KeyPair ca = caKey();
            X509Certificate caCert = certificate(ca, ca.getPublic(), "CN=test CA");
            X509Certificate leaf = certificate(ca, key.publicKey(), "CN=localhost");
            assertEquals("hello", handshake(provider.privateKeyHandle(keyId, location), leaf, caCert, protocol));
        }
    }

    private static String handshake(PrivateKey key, X509Certificate leaf, X509Certificate ca, String protocol)
            throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {new OneKey(key, leaf)}, null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            listening.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket accepted = listening.accept()) {
                    accepted.getOutputStream().write("hello".getBytes());
                    accepted.getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listening.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                String received = new String(socket.getInputStream().readNBytes(5));
                served.get(30, TimeUnit.SECONDS);
                return received;
            }
        }
    }

    private static KeyPair caKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair issuer, java.security.PublicKey subject, String name)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=test CA"),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
                new X500Name(name), subject);
        if (subject.equals(issuer.getPublic())) {
            builder.addExtension(Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true));
        } else {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    /** The smallest key manager: one key, one certificate. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate certificate;

        OneKey(PrivateKey key, X509Certificate certificate) {
            this.key = key;
            this.certificate = certificate;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return keyType.startsWith(key.getAlgorithm()) ? "key" : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keyType.startsWith(key.getAlgorithm()) ? "key" : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"key"};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {certificate};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
