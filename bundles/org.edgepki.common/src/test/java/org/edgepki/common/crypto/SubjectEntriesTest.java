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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
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

    /** Entries come from Config Admin too (a configuration screen): whatever they are, the declared exception only. */
    @Property(tries = 5_000)
    void any_entries_give_a_subject_nothing_or_the_declared_exception(
            @ForAll @Size(max = 6) List<@StringLength(max = 80) String> entries) {
        try {
            SubjectEntries.parse(entries.toArray(String[]::new));
        } catch (IllegalArgumentException declared) {
            // refused, naming the entry
        }
    }

    @Property(tries = 2_000)
    void entries_built_from_the_documented_names_give_a_subject_or_the_declared_exception(
            @ForAll("names") String name, @ForAll @StringLength(max = 200) String value) {
        try {
            SubjectEntries.parse(new String[] {name + "=" + value});
        } catch (IllegalArgumentException declared) {
            // a value the attribute's type cannot hold
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(List.copyOf(SubjectEntries.documentedNames()));
    }

    @Test
    void a_bad_entry_is_refused_naming_it_and_the_rule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"CN"}))
                .getMessage().contains("entry \"CN\" must have the form ATTR=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"XX=1"}))
                .getMessage().contains("names the unknown attribute 'XX'; known are C, ST"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"=x"}))
                .getMessage().contains("names the unknown attribute ''"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"O= "}))
                .getMessage().contains("has an empty value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubjectEntries.parse(new String[] {"C=Ä"}))
                .getMessage().contains("allows only letters, digits"));
    }
}
