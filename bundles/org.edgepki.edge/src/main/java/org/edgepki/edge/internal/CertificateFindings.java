package org.edgepki.edge.internal;

import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.check.Finding;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.CommonNames;
import org.edgepki.common.crypto.CryptoProviders;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.common.crypto.PublicKeyMatch;
import org.edgepki.common.crypto.SignatureAlgorithms;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/** The judgements behind the edge's checks, as pure functions of certificates, keys and the time. */
final class CertificateFindings {
    static final String EXPIRY = "certificate-expiry";
    static final String KEY_MATCH = "certificate-key-match";
    static final String KEY_STRENGTH = "key-strength";
    static final String TRUST_ROOT = "trust-bundle-root";
    /** The check that the Edge CA and device identity do not chain to a test-only CA. */
    static final String TEST_ROOT = "test-only-root";
    /** The check of the Edge CA against the documented profile. */
    static final String EDGE_CA_PROFILE = "edge-ca-profile";
    /** The check that the device identity certificate is named after the device id or DPS registration id. */
    static final String IDENTITY_NAME = "identity-name";
    /** Like {@code iotedge check}: a certificate that expires within a week is a warning. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(7);
    private static final byte[] PROBE = "edgepki check: does this key sign for its certificate?".getBytes();

    private CertificateFindings() {
    }

    /** Expiry of every certificate of the chain: error if expired or not yet valid, warning within 7 days. */
    static Finding expiry(StoredCertificate stored, Instant now, String fix) {
        String id = stored.id();
        for (int i = 0; i < stored.chain().size(); i++) {
            X509Certificate cert = stored.chain().get(i);
            String which = i == 0 ? "the certificate" : "its issuer " + cert.getSubjectX500Principal().getName();
            Instant notAfter = cert.getNotAfter().toInstant();
            Instant notBefore = cert.getNotBefore().toInstant();
            if (notAfter.isBefore(now)) {
                return Finding.error(EXPIRY, id, which + " expired at " + notAfter, fix);
            }
            if (notBefore.isAfter(now)) {
                return Finding.error(EXPIRY, id, which + " is valid only from " + notBefore,
                        "check the device clock (NTP); if it is right, the certificate was issued with a wrong notBefore: "
                                + fix);
            }
            if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
                return Finding.warning(EXPIRY, id, which + " expires in less than 7 days, at " + notAfter, fix);
            }
        }
        Instant leafNotAfter = stored.leaf().getNotAfter().toInstant();
        return Finding.ok(EXPIRY, id, "valid until " + leafNotAfter + " ("
                + Duration.between(now, leafNotAfter).toDays() + " days)");
    }

    /**
     * The device identity certificate's CN is the device id (manual provisioning) or the registration id (DPS), as the
     * documentation requires: IoT Hub and DPS authenticate the device by that name.
     *
     * @param identity the stored device identity
     * @param name the device id, or the registration id
     * @param which "device id" or "registration id", for the message
     */
    static Finding identityName(StoredCertificate identity, String name, String which) {
        String commonName = CommonNames.of(identity.leaf().getSubjectX500Principal()).orElse("");
        if (commonName.equals(name)) {
            return Finding.ok(IDENTITY_NAME, identity.id(), "the identity certificate's CN is the " + which + " \""
                    + name + "\"");
        }
        return Finding.error(IDENTITY_NAME, identity.id(), "the identity certificate's CN \"" + commonName + "\" is not"
                + " the " + which + " \"" + name + "\": " + (which.equals("device id") ? "IoT Hub" : "DPS")
                + " will not authenticate the device with it", identity.preloaded()
                ? "use an identity certificate issued for CN=" + name + " (" + identity.location() + "), or correct the"
                        + " " + which + " in config.toml"
                : "set the identity certificate's common_name to \"" + name + "\" in config.toml, then"
                        + " edgepki:renew " + identity.id());
    }

    /** The key is the certificate's: same public key, and a signature by the key verifies with the certificate. */
    static Finding keyMatch(StoredCertificate stored, KeyPairInfo key, Signer signer, String fix) {
        X509Certificate leaf = stored.leaf();
        if (!PublicKeyMatch.sameKey(leaf.getPublicKey(), key.publicKey())) {
            return Finding.error(KEY_MATCH, stored.id(), "the certificate does not belong to the key at "
                    + Pkcs11Uri.redact(key.location().toString()) + " (their public keys differ)", fix);
        }
        try {
            String algorithm = SignatureAlgorithms.forKey(key.algorithm());
            byte[] signature = signer.sign(stored.id(), algorithm, PROBE);
            Signature verifier = Signature.getInstance(algorithm,
                    CryptoProviders.forSignature(algorithm, leaf.getPublicKey()));
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(PROBE);
            if (!verifier.verify(signature)) {
                return Finding.error(KEY_MATCH, stored.id(),
                        "a signature by the key does not verify with the certificate", fix);
            }
        } catch (Exception e) {
            return Finding.error(KEY_MATCH, stored.id(), "the key could not sign: " + e.getMessage(),
                    "make the key usable (token present and logged in, file readable), then check again");
        }
        return Finding.ok(KEY_MATCH, stored.id(), "the certificate matches its key (" + key.algorithm().preferenceName() + ")");
    }

    /** RSA of at least 2048 bits, or EC P-256 / P-384, for every certificate of the chain. */
    static Finding keyStrength(StoredCertificate stored) {
        List<String> weak = new ArrayList<>();
        for (X509Certificate cert : stored.chain()) {
            String problem = weakness(cert.getPublicKey());
            if (problem != null) {
                weak.add((cert == stored.leaf() ? "the certificate" : cert.getSubjectX500Principal().getName())
                        + " has " + problem);
            }
        }
        if (!weak.isEmpty()) {
            return Finding.error(KEY_STRENGTH, stored.id(), String.join("; ", weak),
                    "issue it again with an RSA-2048 (or larger) or EC P-256 key; IoT Edge supports RSA-2048 and EC P-256");
        }
        return Finding.ok(KEY_STRENGTH, stored.id(), "every key of the chain is strong enough ("
                + describe(stored.leaf().getPublicKey()) + " leaf)");
    }

    /** The trust bundle holds the root the Edge CA chain ends in, so modules can verify edgeHub. */
    static Finding trustRoot(StoredCertificate edgeCa, List<X509Certificate> trustBundle) {
        X509Certificate last = edgeCa.chain().get(edgeCa.chain().size() - 1);
        // The Edge CA chain itself is published into the trust bundle: what matters is its root,
        // the self-signed end of the chain or, for a chain sent without it, the certificate that issued the last one.
        boolean selfSigned = IssuedBy.issuedBy(last, last);
        boolean found = trustBundle.stream().anyMatch(anchor -> selfSigned ? anchor.equals(last) : IssuedBy.issuedBy(last, anchor));
        if (!found) {
            return Finding.error(TRUST_ROOT, edgeCa.id(), "the trust bundle does not hold the root of the Edge CA chain ("
                    + last.getIssuerX500Principal().getName() + "): modules cannot verify edgeHub",
                    "add the root CA certificate to the file trust_bundle_cert names in config.toml");
        }
        return Finding.ok(TRUST_ROOT, edgeCa.id(), "the trust bundle holds the root of the Edge CA chain");
    }

    private static String weakness(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < 2048 ? "an RSA key of " + bits + " bits" : null;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits == 256 || bits == 384 ? null : "an EC key on a " + bits + "-bit curve (P-256 or P-384 expected)";
        }
        return "a " + key.getAlgorithm() + " key (RSA or EC expected)";
    }

    private static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA-" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }

    /** Signs with a key by id: {@code KeyService::sign}. */
    @FunctionalInterface
    interface Signer {
        byte[] sign(String keyId, String algorithm, byte[] data) throws Exception;
    }
}
