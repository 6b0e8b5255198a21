package org.edgepki.edge.internal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.edgepki.api.workload.WorkloadException;

/**
 * The Edge CA subject from {@code edge_ca_subject} ({@code [edge_ca.subject]} in config.toml):
 * entries {@code ATTR=value}, one RDN each, in the order given, with the attribute names Bouncy
 * Castle's {@link BCStyle} knows (C, ST, L, O, OU, CN, SERIALNUMBER, DC, E, UID, STREET, ...).
 */
final class EdgeCaSubject {
    static final String ATTRIBUTE = "edge_ca_subject";

    private EdgeCaSubject() {
    }

    /**
     * @param entries {@code ATTR=value}, split at the first '='; blank entries are ignored because
     *     the Web Console submits an empty field for an empty list
     * @return the subject, or null when no entry is given
     * @throws WorkloadException naming {@code org.edgepki.edge/edge_ca_subject} and the entry if
     *     an entry is malformed, names an unknown attribute, or the subject has no CN
     */
    static X500Name parse(String[] entries) throws WorkloadException {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        boolean any = false;
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw invalid("entry \"" + entry + "\" must have the form ATTR=value, as in CN=my Edge CA");
            }
            String name = entry.substring(0, equals).trim();
            String value = entry.substring(equals + 1).trim();
            ASN1ObjectIdentifier type = attributeType(entry, name);
            if (value.isEmpty()) {
                throw invalid("entry \"" + entry + "\" has an empty value");
            }
            builder.addRDN(type, encode(entry, type, value));
            any = true;
        }
        if (!any) {
            return null;
        }
        X500Name subject = builder.build();
        if (EdgeCaValidation.commonName(subject) == null) {
            throw invalid("the subject needs a CN entry, as in CN=my Edge CA");
        }
        return subject;
    }

    private static ASN1ObjectIdentifier attributeType(String entry, String name) throws WorkloadException {
        try {
            return BCStyle.INSTANCE.attrNameToOID(name);
        } catch (IllegalArgumentException e) {
            throw invalid("entry \"" + entry + "\" names the unknown attribute '" + name + "'; known are C, ST, L,"
                    + " O, OU, CN, SERIALNUMBER, DC, E, UID, STREET, POSTALCODE, GIVENNAME, SURNAME, T, INITIALS,"
                    + " DNQUALIFIER, PSEUDONYM, GENERATION");
        }
    }

    private static ASN1Encodable encode(String entry, ASN1ObjectIdentifier type, String value)
            throws WorkloadException {
        // BCStyle reads a leading '#' as hex DER and drops a leading '\'; a config value is literal.
        String literal = value.startsWith("#") || value.startsWith("\\") ? "\\" + value : value;
        ASN1Encodable encoded;
        try {
            encoded = BCStyle.INSTANCE.stringToValue(type, literal);
        } catch (RuntimeException e) {
            // Attributes with a typed value, such as DATEOFBIRTH, reject text of another form.
            throw invalid("entry \"" + entry + "\": the value is not of the form this attribute needs");
        }
        if (encoded instanceof ASN1PrintableString && !ASN1PrintableString.isPrintableString(value)) {
            throw invalid("entry \"" + entry + "\": this attribute allows only letters, digits, space and"
                    + " ' ( ) + , - . / : = ?");
        }
        if (encoded instanceof ASN1IA5String && !ASN1IA5String.isIA5String(value)) {
            throw invalid("entry \"" + entry + "\": this attribute allows only ASCII characters");
        }
        return encoded;
    }

    private static WorkloadException invalid(String rule) {
        return new WorkloadException(EdgeCredentials.PID + "/" + ATTRIBUTE, rule, false, null);
    }
}
