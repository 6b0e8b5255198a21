package org.edgepki.common.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedBundlesTest {
    @Test
    void edgepkis_own_bundles_by_default_and_exact_names_or_globs_beside() {
        TrustedBundles trusted = TrustedBundles.of(new String[] {TrustedBundles.EDGEPKI, "com.vendor.hsm", " ", null,
            "com.acme.*.keys"});
        assertTrue(trusted.allows("org.edgepki.keystore"));
        assertTrue(trusted.allows("com.vendor.hsm"));
        assertTrue(trusted.allows("com.acme.gw.keys"));
        assertFalse(trusted.allows("org.edgepkiX.keystore"));
        assertFalse(trusted.allows("com.vendor.hsm.evil"));
        assertFalse(trusted.allows("org.edgepki"));
        assertFalse(trusted.allows("com.acme.keys"));
        assertFalse(trusted.allows(null));
        assertFalse(TrustedBundles.of(new String[0]).allows("org.edgepki.keystore"));
    }

    @Test
    void the_registrant_is_the_frameworks_service_bundleid() {
        assertEquals(Optional.of("com.evil"), TrustedBundles.registrant(Map.of("service.bundleid", 42L),
                id -> id == 42L ? "com.evil" : "?"));
        assertEquals(Optional.empty(), TrustedBundles.registrant(Map.of("scheme", "file"), id -> "?"));
    }
}
