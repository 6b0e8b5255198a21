package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class BouncyCastleCheckTest {

    @Test
    void kuras_1_77_is_a_warning_that_names_the_flaws_the_users_and_the_fix() {
        List<Finding> findings = BouncyCastleCheck.judge(Map.of("bcprov 1.77.0", new Version(1, 77, 0)),
                Map.of("bcprov 1.77.0", Set.of("org.edgepki.issuer.est", "org.edgepki.edge")));
        assertEquals(1, findings.size());
        Finding finding = findings.get(0);
        assertEquals(Severity.WARNING, finding.severity());
        assertEquals("bcprov 1.77.0", finding.subject());
        assertTrue(finding.message().contains("CVE-2024-29857") && finding.message().contains("CVE-2024-30172"),
                finding.message());
        assertTrue(finding.message().contains("org.edgepki.edge, org.edgepki.issuer.est"), finding.message());
        assertTrue(finding.fix().contains("1.78 or later"), finding.fix());
    }

    @Test
    void from_1_78_on_it_is_ok() {
        for (Version version : List.of(new Version(1, 78, 0), new Version(1, 78, 1), new Version(1, 86, 0))) {
            List<Finding> findings = BouncyCastleCheck.judge(Map.of("bcprov " + version, version),
                    Map.of("bcprov " + version, Set.of("org.edgepki.edge")));
            assertEquals(List.of(Severity.OK), findings.stream().map(Finding::severity).toList(), version.toString());
        }
    }

    @Test
    void two_versions_in_use_are_judged_each() {
        List<Finding> findings = BouncyCastleCheck.judge(
                Map.of("bcpkix 1.77.0", new Version(1, 77, 0), "bcprov 1.86.0", new Version(1, 86, 0)),
                Map.of("bcpkix 1.77.0", Set.of("org.edgepki.issuer.est"), "bcprov 1.86.0", Set.of("org.edgepki.issuer.est")));
        assertEquals(List.of(Severity.WARNING, Severity.OK), findings.stream().map(Finding::severity).toList());
    }

    @Test
    void no_wire_yet_is_ok() {
        assertEquals(List.of(Severity.OK), BouncyCastleCheck.judge(Map.of(), Map.of()).stream()
                .map(Finding::severity).toList());
    }
}
