package org.edgepki.common.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Pkcs11UriTest {

    @Test
    void parses_path_and_query_attributes_percent_decoded() {
        Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:slot-id=0;object=edge%20ca;type=private?pin-value=1234");
        assertEquals("0", uri.pathAttribute("slot-id").orElseThrow());
        assertEquals("edge ca", uri.pathAttribute("object").orElseThrow());
        assertEquals("1234", uri.queryAttribute("pin-value").orElseThrow());
    }

    @Test
    void to_string_hides_the_pin() {
        Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:token=edge?pin-value=1234");
        assertEquals("pkcs11:token=edge?pin-value=****", uri.toString());
        assertEquals("a pkcs11:token=x?pin-value=****", Pkcs11Uri.redact("a pkcs11:token=x?pin-value=9999 b"));
    }

    @Test
    void rejects_what_rfc_7512_does_not_allow() {
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("file:///x"));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("pkcs11:slot=0"));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("pkcs11:slot-id=zero"));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("pkcs11:object=a%2"));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("pkcs11:object=a;object=b"));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("pkcs11:type=secret"));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse("pkcs11:token"));
        assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Uri.parse("pkcs11:token=a?pin-value=1&pin-source=file:///p"));
    }

    @Test
    void error_messages_never_contain_the_pin() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Uri.parse("pkcs11:token=a?pin-value=s3cret&bogus=1"));
        assertFalse(error.getMessage().contains("s3cret"));
        assertTrue(error.getMessage().contains("bogus"));
    }

    @Test
    void vendor_attributes_are_allowed() {
        assertEquals("v", Pkcs11Uri.parse("pkcs11:x-vendor=v").pathAttribute("x-vendor").orElseThrow());
    }
}
