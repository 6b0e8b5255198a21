package org.edgepki.common.inventory;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.credential.InventoryEntry;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * What an operator sees of one certificate id ({@link org.edgepki.api.credential.CredentialInventory}'s entry): its
 * chain, its key and its renewal, each when known, with the names and values the console and the shell show.
 *
 * @param id the certificate and key id
 * @param certificate the stored chain, if any
 * @param key the key with the same id, if any
 * @param renewal its renewal status, when the scheduler manages it
 * @param problem why part of it could not be read (a bad file, say), if so
 */
public record ManagedCertificate(String id, Optional<StoredCertificate> certificate, Optional<KeyPairInfo> key,
        Optional<CredentialStatus> renewal, Optional<String> problem) {

    /** @return the inventory's entry, with what an operator is shown of it */
    public static ManagedCertificate of(InventoryEntry entry) {
        return new ManagedCertificate(entry.id(), entry.certificate(), entry.key(), entry.status(), entry.problem());
    }

    /** @return the leaf certificate, if any */
    public Optional<X509Certificate> leaf() {
        return certificate.map(StoredCertificate::leaf);
    }

    /** @return how it is issued: the renewal method, {@code preloaded} for a file edgepki only reads, or {@code stored} */
    public String method() {
        if (renewal.isPresent()) {
            return renewal.get().method();
        }
        return certificate.map(stored -> stored.preloaded() ? "preloaded" : "stored").orElse("-");
    }

    /** @return where the key lives, a file or PKCS#11 URI with any PIN hidden; {@code -} when there is no key */
    public String keyLocation() {
        return key.map(found -> Pkcs11Uri.redact(found.location().toString())).orElse("-");
    }

    /** @return the leaf's subject (RFC 2253), or {@code -} */
    public String subject() {
        return leaf().map(cert -> cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).orElse("-");
    }

    /** @return the leaf's issuer (RFC 2253), or {@code -} */
    public String issuer() {
        return leaf().map(cert -> cert.getIssuerX500Principal().getName(X500Principal.RFC2253)).orElse("-");
    }

    /** @return the CN of the leaf's subject, else its whole subject, or {@code -} */
    public String subjectCommonName() {
        return leaf().map(cert -> commonName(cert.getSubjectX500Principal())).orElse("-");
    }

    /**
     * @param name a distinguished name
     * @return its (first) CN, or the whole name when it has none
     */
    public static String commonName(X500Principal name) {
        RDN[] cns = X500Name.getInstance(name.getEncoded()).getRDNs(BCStyle.CN);
        return cns.length == 0 ? name.getName(X500Principal.RFC2253)
                : IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    /** @return the leaf's serial number in upper-case hex, or {@code -} */
    public String serial() {
        return leaf().map(ManagedCertificate::serial).orElse("-");
    }

    /** @return the leaf's notAfter, if any */
    public Optional<Instant> notAfter() {
        return leaf().map(cert -> cert.getNotAfter().toInstant());
    }

    /** @return the leaf's notBefore, if any */
    public Optional<Instant> notBefore() {
        return leaf().map(cert -> cert.getNotBefore().toInstant());
    }

    /**
     * @param now the current time
     * @return whole days until notAfter (negative once expired), if there is a certificate
     */
    public Optional<Long> daysLeft(Instant now) {
        return notAfter().map(notAfter -> Math.floorDiv(Duration.between(now, notAfter).toHours(), 24));
    }

    /** @return when renewal (or its retry) is due next, if planned */
    public Optional<Instant> nextRenewal() {
        return renewal.flatMap(CredentialStatus::nextAttempt);
    }

    /** @return the last renewal error, or a problem reading the files, if any */
    public Optional<String> lastError() {
        return problem.or(() -> renewal.flatMap(CredentialStatus::lastError));
    }

    /**
     * Which Edge CA a module certificate comes from, so that an operator sees every module on the current one
     * (processes outside OSGi cannot hear the event a new Edge CA posts).
     *
     * @param all every certificate of the inventory, the Edge CA among them
     * @return {@code current}, or {@code previous (<its issuer's CN>)}; empty for a certificate that is not a
     *     module's, or without a certificate or an Edge CA
     */
    public Optional<String> edgeCaGeneration(List<ManagedCertificate> all) {
        Optional<X509Certificate> edgeCa = all.stream().filter(entry -> entry.id().equals(CredentialIds.EDGE_CA))
                .findFirst().flatMap(ManagedCertificate::leaf);
        if (!CredentialIds.isModuleCertificate(id) || leaf().isEmpty() || edgeCa.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IssuedBy.issuedBy(leaf().get(), edgeCa.get()) ? "current"
                : "previous (" + commonName(leaf().get().getIssuerX500Principal()) + ")");
    }

    /** @return whether the renewal service can renew it now */
    public boolean renewable() {
        return renewal.isPresent();
    }

    /**
     * @param certificate a certificate
     * @return its serial number in upper-case hex, as the console and the shell show it
     */
    public static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    }
}
