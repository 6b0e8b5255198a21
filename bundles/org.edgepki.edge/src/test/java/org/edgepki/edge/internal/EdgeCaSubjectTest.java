package org.edgepki.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.edgepki.api.workload.WorkloadException;
import org.junit.jupiter.api.Test;

class EdgeCaSubjectTest {

    @Test
    void config_toml_subject_fields_become_rdns_in_the_order_given() throws Exception {
        X500Name subject = EdgeCaSubject.parse(new String[] {"L=AQ", "ST=Antarctica", "CN=test CA"});

        assertEquals(List.of("L=AQ", "ST=Antarctica", "CN=test CA"), rdns(subject));
        assertEquals("test CA", EdgeCaValidation.commonName(subject));
    }

    @Test
    void every_documented_attribute_name_is_known_and_encoded_as_x500_wants() throws Exception {
        X500Name subject = EdgeCaSubject.parse(new String[] {"C=AQ", "ST=s", "L=l", "O=o", "OU=ou", "CN=cn",
            "SERIALNUMBER=42", "DC=example", "E=ca@example.org", "UID=u", "STREET=st", "POSTALCODE=1",
            "GIVENNAME=g", "SURNAME=s", "T=t", "INITIALS=i", "DNQUALIFIER=q", "PSEUDONYM=p", "GENERATION=III"});

        assertEquals(19, subject.getRDNs().length);
        assertInstanceOf(ASN1PrintableString.class, subject.getRDNs(BCStyle.C)[0].getFirst().getValue());
        assertInstanceOf(ASN1IA5String.class, subject.getRDNs(BCStyle.E)[0].getFirst().getValue());
    }

    @Test
    void an_entry_is_split_at_the_first_equals_sign_and_its_value_is_literal() throws Exception {
        X500Name subject = EdgeCaSubject.parse(new String[] {" OU = a=b ", "O=#0403414243", "CN=\\edge"});

        assertEquals("a=b", value(subject.getRDNs(BCStyle.OU)[0]));
        assertEquals("#0403414243", value(subject.getRDNs(BCStyle.O)[0]));
        assertEquals("\\edge", EdgeCaValidation.commonName(subject));
    }

    @Test
    void no_entries_or_only_blank_ones_mean_no_subject() throws Exception {
        assertNull(EdgeCaSubject.parse(new String[0]));
        assertNull(EdgeCaSubject.parse(new String[] {""}));
        assertNull(EdgeCaSubject.parse(null));
    }

    @Test
    void an_unknown_attribute_is_rejected_naming_the_attribute_and_the_entry() {
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> EdgeCaSubject.parse(new String[] {"CN=test CA", "COLOR=blue"}));

        assertEquals("org.edgepki.edge/edge_ca_subject", e.subject());
        assertTrue(e.rule().contains("\"COLOR=blue\"") && e.rule().contains("unknown attribute 'COLOR'"), e.rule());
        assertFalse(e.isRetryable());
    }

    @Test
    void malformed_entries_and_a_subject_without_cn_are_rejected() {
        for (String[] entries : List.of(new String[] {"CN"}, new String[] {"CN="}, new String[] {"L=AQ"},
                new String[] {"CN=ca", "C=Ä"}, new String[] {"CN=ca", "E=ä@example.org"})) {
            WorkloadException e = assertThrows(WorkloadException.class, () -> EdgeCaSubject.parse(entries),
                    Arrays.toString(entries));
            assertEquals("org.edgepki.edge/edge_ca_subject", e.subject());
        }
    }

    private static List<String> rdns(X500Name name) {
        return Arrays.stream(name.getRDNs())
                .map(rdn -> BCStyle.INSTANCE.oidToDisplayName(rdn.getFirst().getType()) + "=" + value(rdn))
                .toList();
    }

    private static String value(RDN rdn) {
        return rdn.getFirst().getValue().toString();
    }
}
