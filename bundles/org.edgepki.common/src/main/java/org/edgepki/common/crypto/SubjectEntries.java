package org.edgepki.common.crypto;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A certificate subject written as config.toml writes it ({@code [edge_ca.subject]}, a credential's {@code subject}):
 * entries {@code ATTR=value}, one RDN each, in the order given. The names are IoT Edge's (C, ST, L, O, OU, CN,
 * SERIALNUMBER, DC, E, UID, STREET, POSTALCODE, GIVENNAME, SURNAME, T, INITIALS, DNQUALIFIER, PSEUDONYM, GENERATION,
 * any case), mapped here so that they mean the same on every Bouncy Castle edgepki accepts (BCStyle's own name table
 * differs between versions: 1.77, which Kura ships, knows DN_QUALIFIER only as "DN"); other names BCStyle knows are
 * accepted too. A value is literal text.
 */
public final class SubjectEntries {
    /** IoT Edge's attribute names, in its order. */
    private static final List<String> NAMES = List.of("C", "ST", "L", "O", "OU", "CN", "SERIALNUMBER", "DC", "E", "UID",
            "STREET", "POSTALCODE", "GIVENNAME", "SURNAME", "T", "INITIALS", "DNQUALIFIER", "PSEUDONYM", "GENERATION");
    /** The documented names, for messages. */
    public static final String KNOWN = String.join(", ", NAMES);

    /** Their attribute types; a holder, so that {@link #documentedNames()} needs no Bouncy Castle. */
    private static final class Types {
        static final Map<String, ASN1ObjectIdentifier> BY_NAME = Map.ofEntries(
                Map.entry("C", BCStyle.C), Map.entry("ST", BCStyle.ST), Map.entry("L", BCStyle.L),
                Map.entry("O", BCStyle.O), Map.entry("OU", BCStyle.OU), Map.entry("CN", BCStyle.CN),
                Map.entry("SERIALNUMBER", BCStyle.SERIALNUMBER), Map.entry("DC", BCStyle.DC), Map.entry("E", BCStyle.E),
                Map.entry("UID", BCStyle.UID), Map.entry("STREET", BCStyle.STREET),
                Map.entry("POSTALCODE", BCStyle.POSTAL_CODE), Map.entry("GIVENNAME", BCStyle.GIVENNAME),
                Map.entry("SURNAME", BCStyle.SURNAME), Map.entry("T", BCStyle.T),
                Map.entry("INITIALS", BCStyle.INITIALS), Map.entry("DNQUALIFIER", BCStyle.DN_QUALIFIER),
                Map.entry("PSEUDONYM", BCStyle.PSEUDONYM), Map.entry("GENERATION", BCStyle.GENERATION));
    }

    private SubjectEntries() {
    }

    /** @return IoT Edge's attribute names, upper case (no Bouncy Castle needed) */
    public static Set<String> documentedNames() {
        return Set.copyOf(NAMES);
    }

    /**
     * @param entries {@code ATTR=value}, split at the first '='; null and blank entries are ignored (a configuration
     *     screen submits an empty field for an empty list)
     * @return the subject, or empty when no entry is given
     * @throws IllegalArgumentException naming the entry and the rule it breaks: no '=', an unknown name, an empty
     *     value, or a value the attribute's type cannot hold
     */
    public static Optional<X500Name> parse(String[] entries) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        boolean any = false;
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("entry \"" + entry + "\" must have the form ATTR=value, as in CN=my"
                        + " Edge CA");
            }
            String name = entry.substring(0, equals).trim();
            String value = entry.substring(equals + 1).trim();
            ASN1ObjectIdentifier type = attributeType(entry, name);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("entry \"" + entry + "\" has an empty value");
            }
            builder.addRDN(type, encode(entry, type, value));
            any = true;
        }
        return any ? Optional.of(builder.build()) : Optional.empty();
    }

    private static ASN1ObjectIdentifier attributeType(String entry, String name) {
        ASN1ObjectIdentifier documented = Types.BY_NAME.get(name.toUpperCase(Locale.ROOT));
        if (documented != null) {
            return documented;
        }
        try {
            return BCStyle.INSTANCE.attrNameToOID(name);
        } catch (RuntimeException e) {
            // IllegalArgumentException for an unknown name; StringIndexOutOfBoundsException for an empty one
            throw new IllegalArgumentException("entry \"" + entry + "\" names the unknown attribute '" + name
                    + "'; known are " + KNOWN);
        }
    }

    private static ASN1Encodable encode(String entry, ASN1ObjectIdentifier type, String value) {
        // BCStyle reads a leading '#' as hex DER and drops a leading '\'; a config value is literal.
        String literal = value.startsWith("#") || value.startsWith("\\") ? "\\" + value : value;
        ASN1Encodable encoded;
        try {
            encoded = BCStyle.INSTANCE.stringToValue(type, literal);
        } catch (RuntimeException e) {
            // Attributes with a typed value, such as DATEOFBIRTH, reject text of another form.
            throw new IllegalArgumentException("entry \"" + entry + "\": the value is not of the form this attribute"
                    + " needs");
        }
        if (encoded instanceof ASN1PrintableString && !ASN1PrintableString.isPrintableString(value)) {
            throw new IllegalArgumentException("entry \"" + entry + "\": this attribute allows only letters, digits,"
                    + " space and ' ( ) + , - . / : = ?");
        }
        if (encoded instanceof ASN1IA5String && !ASN1IA5String.isIA5String(value)) {
            throw new IllegalArgumentException("entry \"" + entry + "\": this attribute allows only ASCII characters");
        }
        return encoded;
    }
}
