package org.edgepki.issuer.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.edgepki.api.issuer.IssuanceException;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.issuer.SubjectAltName.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectAltNameExtensionTest {

    @Test
    void dns_and_ip_names_become_dns_name_and_ip_address_entries_in_order() throws Exception {
        GeneralName[] names = SubjectAltNameExtension.encode("edgehub", List.of(
                new SubjectAltName(Type.DNS, "gateway.example.com"),
                new SubjectAltName(Type.IP, "192.168.1.20"),
                new SubjectAltName(Type.IP, "fd00::1:20"))).getNames();

        assertEquals(GeneralName.dNSName, names[0].getTagNo());
        assertEquals("gateway.example.com", ((ASN1String) names[0].getName()).getString());
        assertEquals(GeneralName.iPAddress, names[1].getTagNo());
        assertArrayEquals(InetAddress.getByName("192.168.1.20").getAddress(),
                ASN1OctetString.getInstance(names[1].getName()).getOctets());
        assertArrayEquals(InetAddress.getByName("fd00::1:20").getAddress(),
                ASN1OctetString.getInstance(names[2].getName()).getOctets());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "1.2.3", "gateway.example.com", "10.0.0.0/8", "fe80::1%eth0", "::g"})
    void an_ip_value_must_be_an_address_literal(String value) {
        IssuanceException e = assertThrows(IssuanceException.class, () -> SubjectAltNameExtension.encode("edgehub",
                List.of(new SubjectAltName(Type.IP, value))));

        assertEquals("edgehub", e.subject());
        assertTrue(e.rule().contains(value), e.rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge hub", "gätewäy.example.com", "tab\there"})
    void a_dns_value_must_be_printable_ascii_without_spaces(String value) {
        assertThrows(IssuanceException.class, () -> SubjectAltNameExtension.encode("edgehub",
                List.of(new SubjectAltName(Type.DNS, value))));
    }
}
