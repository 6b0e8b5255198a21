package org.edgepki.api.issuer;

/** What an issued certificate is for; decides its extensions. */
public enum CertificateProfile {
    /**
     * A CA that issues leaf certificates only: critical basicConstraints CA:TRUE pathlen:0 and
     * critical keyUsage keyCertSign, digitalSignature.
     */
    CA,
    /** A TLS server: keyUsage digitalSignature, keyEncipherment; extendedKeyUsage serverAuth. */
    SERVER,
    /** A TLS client / device identity: keyUsage digitalSignature; extendedKeyUsage clientAuth. */
    CLIENT
}
