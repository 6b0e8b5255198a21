package org.edgepki.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

/** Runs on the Bouncy Castle the bundles compile against, the oldest they accept (1.77, Kura 5.5's). */
class SubjectEntriesTest {

    @Test
    void every_documented_name_is_known_in_any_case_on_the_oldest_bouncy_castle_accepted() {
        for (String name : SubjectEntries.documentedNames()) {
            String value = name.equals("C") ? "AQ" : "v";
            X500Name subject = SubjectEntries.parse(new String[] {name.toLowerCase() + "=" + value}).orElseThrow();
            assertEquals(1, subject.getRDNs().length, name);
        }
        assertEquals(19, SubjectEntries.documentedNames().size());
        assertEquals(String.join(", ", SubjectEntries.documentedNames().stream().sorted().toList()),
                String.join(", ", Arrays.stream(SubjectEntries.KNOWN.split(", ")).sorted().toList()));
        X500Name qualified = SubjectEntries.parse(new String[] {"DNQUALIFIER=q", "CN=c"}).orElseThrow();
        assertEquals(1, qualified.getRDNs(BCStyle.DN_QUALIFIER).length);
    }

    @Test
    void entries_keep_their_order_and_values_are_literal() {
        X500Name subject = SubjectEntries.parse(new String[] {"OU = a=b", "O=#0403414243", "", null, "CN=\\edge"})
                .orElseThrow();
        assertEquals(List.of("a=b", "#0403414243", "\\edge"), Arrays.stream(subject.getRDNs())
                .map(RDN::getFirst).map(type -> type.getValue().toString()).toList());
    }

    @Test
    void no_entry_is_no_subject() {
        assertEquals(Optional.empty(), SubjectEntries.parse(new String[] {" ", null}));
        assertEquals(Optional.empty(), SubjectEntries.parse(null));
    }

    @Test
    void a_bad_entry_is_refused_naming_it_and_the_rule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"CN"}))
                .getMessage().contains("entry \"CN\" must have the form ATTR=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"XX=1"}))
                .getMessage().contains("names the unknown attribute 'XX'; known are C, ST"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"O= "}))
                .getMessage().contains("has an empty value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"C=Ä"}))
                .getMessage().contains("allows only letters, digits"));
    }
}
