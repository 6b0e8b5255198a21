package org.edgepki.tools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.edgepki.common.files.AtomicFiles;

/**
 * Creates the IoT Edge demo PKI in a working directory, one step at a time like the IoT Edge
 * demo certificate scripts: {@link #root}, {@link #intermediate}, then {@link #edgeCa},
 * {@link #device} and {@link #verification}, each later step loading its issuer from the files
 * an earlier one wrote. No step replaces an existing key unless {@link DemoOptions#force()}.
 * Not thread-safe: two runs on one directory at once may interleave their steps.
 */
final class DemoPki {
    /** The root and intermediate names the IoT Edge demo scripts use. */
    static final String ROOT_COMMON_NAME = "Azure IoT Hub CA Cert Test Only";
    static final String INTERMEDIATE_COMMON_NAME = "Azure IoT Hub Intermediate Cert Test Only";
    /** Keeps the Edge CA name from ever equalling the hostname edgeHub's server certificate gets. */
    static final String EDGE_CA_SUFFIX = ".ca";

    private final DemoLayout layout;
    private final DemoOptions options;
    private final SecureRandom random;
    private final Provider provider;
    private final DemoIssuer issuer;
    private final CaFiles cas;
    private final PemFiles pem;

    DemoPki(Path directory, DemoOptions options, Clock clock, SecureRandom random, Provider provider) {
        this.layout = new DemoLayout(directory);
        this.options = Objects.requireNonNull(options, "options");
        this.random = Objects.requireNonNull(random, "random");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.issuer = new DemoIssuer(clock, random, provider);
        this.cas = new CaFiles(layout, clock, random, provider);
        this.pem = new PemFiles(provider);
    }

    DemoLayout layout() {
        return layout;
    }

    /** Creates the self-signed root CA. */
    List<WrittenFile> root() throws DemoPkiException {
        refuseToReplace(layout.rootKey());
        KeyPair keys = newKeyPair();
        X509Certificate certificate;
        try {
            certificate = issuer.selfSigned(ROOT_COMMON_NAME, keys, options.validityDays());
        } catch (GeneralSecurityException e) {
            throw cannotCreate(DemoProfile.ROOT_CA, e);
        }
        List<WrittenFile> written = new ArrayList<>();
        writeKey(layout.rootKey(), keys, written);
        writeCertificates(layout.rootCertificate(), List.of(certificate), DemoProfile.ROOT_CA, written);
        return written;
    }

    /** Creates the intermediate CA, signed by the root in the directory. */
    List<WrittenFile> intermediate() throws DemoPkiException {
        refuseToReplace(layout.intermediateKey());
        Credential root = cas.root();
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(DemoProfile.INTERMEDIATE_CA, INTERMEDIATE_COMMON_NAME, keys, root);
        List<WrittenFile> written = new ArrayList<>();
        writeKey(layout.intermediateKey(), keys, written);
        writeCertificates(layout.intermediateCertificate(), List.of(certificate), DemoProfile.INTERMEDIATE_CA,
                written);
        writeCertificates(layout.intermediateChain(), List.of(certificate, root.certificate()),
                DemoProfile.INTERMEDIATE_CA, written);
        return written;
    }

    /** Creates an Edge CA for the named device, signed by the intermediate in the directory. */
    List<WrittenFile> edgeCa(DemoName name) throws DemoPkiException {
        return edgeCa(name, edgeCaCommonName(name, null));
    }

    /** Creates a device identity certificate (CN = device id, clientAuth), signed by the intermediate. */
    List<WrittenFile> device(DemoName deviceId) throws DemoPkiException {
        refuseToReplace(layout.deviceKey(deviceId));
        IssuingChain chain = cas.intermediateWithRoot();
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(DemoProfile.DEVICE_IDENTITY, deviceId.value(), keys,
                chain.intermediate());
        List<WrittenFile> written = new ArrayList<>();
        writeKey(layout.deviceKey(deviceId), keys, written);
        writeCertificates(layout.deviceCertificate(deviceId), List.of(certificate), DemoProfile.DEVICE_IDENTITY,
                written);
        writeCertificates(layout.deviceChain(deviceId), fullChain(certificate, chain), DemoProfile.DEVICE_IDENTITY,
                written);
        return written;
    }

    /**
     * Creates a DPS proof-of-possession certificate whose CN is the verification code, signed by
     * the CA {@link DemoOptions#verificationSigner()} names.
     */
    List<WrittenFile> verification(DemoName code) throws DemoPkiException {
        refuseToReplace(layout.verificationKey(code));
        Credential signer = options.verificationSigner() == DemoOptions.VerificationSigner.ROOT
                ? cas.root()
                : cas.intermediateWithRoot().intermediate();
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(DemoProfile.VERIFICATION, code.value(), keys, signer);
        List<WrittenFile> written = new ArrayList<>();
        writeKey(layout.verificationKey(code), keys, written);
        writeCertificates(layout.verificationCertificate(code), List.of(certificate), DemoProfile.VERIFICATION,
                written);
        return written;
    }

    /**
     * Root, intermediate, Edge CA and device identity for one device. Checks every key it would
     * replace before writing anything, so a refusal leaves the directory as it was.
     */
    List<WrittenFile> all(DemoName deviceName) throws DemoPkiException {
        String edgeCaName = edgeCaCommonName(deviceName, deviceName);
        for (Path key : List.of(layout.rootKey(), layout.intermediateKey(), layout.edgeCaKey(deviceName),
                layout.deviceKey(deviceName))) {
            refuseToReplace(key);
        }
        List<WrittenFile> written = new ArrayList<>(root());
        written.addAll(intermediate());
        written.addAll(edgeCa(deviceName, edgeCaName));
        written.addAll(device(deviceName));
        return written;
    }

    private List<WrittenFile> edgeCa(DemoName name, String commonName) throws DemoPkiException {
        refuseToReplace(layout.edgeCaKey(name));
        IssuingChain chain = cas.intermediateWithRoot();
        if (chain.intermediate().certificate().getBasicConstraints() < 1) {
            throw new DemoPkiException(layout.intermediateCertificate()
                    + " has pathlen 0, so it cannot issue an Edge CA; run the 'intermediate' step again");
        }
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(DemoProfile.EDGE_CA, commonName, keys, chain.intermediate());
        List<WrittenFile> written = new ArrayList<>();
        writeKey(layout.edgeCaKey(name), keys, written);
        writeCertificates(layout.edgeCaCertificate(name), List.of(certificate), DemoProfile.EDGE_CA, written);
        writeCertificates(layout.edgeCaChain(name), fullChain(certificate, chain), DemoProfile.EDGE_CA, written);
        return written;
    }

    /**
     * The Edge CA's CN must differ from the hostname (edgeHub's server certificate gets that name,
     * and clients reject a chain with the same CN twice) and from the device id.
     */
    private String edgeCaCommonName(DemoName name, DemoName deviceId) throws DemoPkiException {
        String commonName = options.keepEdgeCaName() ? name.value() : name.value() + EDGE_CA_SUFFIX;
        String remedy = options.keepEdgeCaName() ? "drop --keep-name or choose another name" : "choose another name";
        if (commonName.length() > DemoName.MAX_COMMON_NAME_LENGTH) {
            throw new DemoPkiException("the Edge CA common name '" + commonName + "' is longer than "
                    + DemoName.MAX_COMMON_NAME_LENGTH + " characters; choose a shorter name");
        }
        // edgeHub lower-cases the hostname, so names differing only in case still collide.
        if (options.hostname() != null && sameIgnoringCase(commonName, options.hostname())) {
            throw new DemoPkiException("the Edge CA common name '" + commonName + "' equals the hostname '"
                    + options.hostname() + "', and clients would reject edgeHub's certificate chain; " + remedy);
        }
        if (deviceId != null && sameIgnoringCase(commonName, deviceId.value())) {
            throw new DemoPkiException("the Edge CA common name '" + commonName
                    + "' equals the device id, which IoT Edge does not allow; " + remedy);
        }
        return commonName;
    }

    private static boolean sameIgnoringCase(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private void refuseToReplace(Path key) throws DemoPkiException {
        if (!options.force() && Files.exists(key, LinkOption.NOFOLLOW_LINKS)) {
            throw new DemoPkiException(key + " already exists; use --force to replace it");
        }
    }

    private KeyPair newKeyPair() throws DemoPkiException {
        try {
            return options.keyType().generate(provider, random);
        } catch (GeneralSecurityException e) {
            throw new DemoPkiException("cannot generate an " + options.keyType().displayName() + " key: "
                    + e.getMessage(), e);
        }
    }

    private X509Certificate issue(DemoProfile profile, String commonName, KeyPair keys, Credential signer)
            throws DemoPkiException {
        try {
            return issuer.issue(profile, commonName, keys.getPublic(), signer, options.validityDays());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw cannotCreate(profile, e);
        }
    }

    private static DemoPkiException cannotCreate(DemoProfile profile, Exception e) {
        return new DemoPkiException("cannot create the " + profile.displayName() + " certificate: " + e.getMessage(),
                e);
    }

    private static List<X509Certificate> fullChain(X509Certificate leaf, IssuingChain chain) {
        return List.of(leaf, chain.intermediate().certificate(), chain.root());
    }

    private void writeKey(Path file, KeyPair keys, List<WrittenFile> written) throws DemoPkiException {
        createDirectories();
        pem.writePrivateKey(file, keys.getPrivate());
        written.add(new WrittenFile(file, options.keyType().displayName() + " private key"));
    }

    private void writeCertificates(Path file, List<X509Certificate> certificates, DemoProfile profile,
            List<WrittenFile> written) throws DemoPkiException {
        pem.writeCertificates(file, certificates);
        X509Certificate leaf = certificates.get(0);
        String description = certificates.size() == 1
                ? profile.displayName() + " certificate, subject " + subject(leaf)
                : profile.displayName() + " chain, " + certificates.stream().map(DemoPki::subject)
                        .collect(Collectors.joining(" < "));
        written.add(new WrittenFile(file, description + ", notAfter " + leaf.getNotAfter().toInstant()));
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    private void createDirectories() throws DemoPkiException {
        Path directory = layout.directory();
        try {
            // Only a directory we create gets our permissions; an existing one is the user's.
            if (!Files.isDirectory(directory)) {
                AtomicFiles.ensureDirectory(directory, AtomicFiles.PUBLIC_DIR);
            }
            AtomicFiles.ensureDirectory(layout.certsDirectory(), AtomicFiles.PUBLIC_DIR);
            AtomicFiles.ensureDirectory(layout.privateDirectory(), AtomicFiles.PRIVATE_DIR);
        } catch (IOException e) {
            throw new DemoPkiException("cannot create the directories in " + directory + ": "
                    + PemFiles.reason(e), e);
        }
    }
}
