package org.edgepki.issuer.est.internal;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.SubjectAltName;

/**
 * The extensions an EST request asks for: what the certificate is for. An EST server may ignore
 * them (many do unless configured otherwise), so what comes back is checked, not trusted.
 */
final class EstExtensions {
    private EstExtensions() {
    }

    /**
     * @return for a CA: basicConstraints CA:TRUE pathlen:0 and keyUsage keyCertSign (critical);
     *     for a server: serverAuth and the names; for a client: clientAuth
     */
    static Extensions of(CertificateProfile profile, List<SubjectAltName> names) {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        try {
            switch (profile) {
                case CA -> {
                    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    extensions.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                }
                case SERVER -> {
                    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    extensions.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    extensions.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
                case CLIENT -> {
                    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    extensions.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
            }
            if (!names.isEmpty()) {
                GeneralName[] alternatives = names.stream().map(name -> new GeneralName(
                        name.type() == SubjectAltName.Type.IP ? GeneralName.iPAddress : GeneralName.dNSName,
                        name.value())).toArray(GeneralName[]::new);
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            }
        } catch (IOException e) {
            throw new IllegalStateException("encoding fixed extensions cannot fail", e);
        }
        return extensions.generate();
    }
}
