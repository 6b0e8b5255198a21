package org.edgepki.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.edgepki.api.access.AuthorizationException;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.api.check.Severity;
import org.junit.jupiter.api.Test;

class AccessPolicyImplTest {
    private static final Caller APP = new Caller("com.example.app", 42);
    private static final Caller EDGEPKI = new Caller("org.edgepki.credentials", 7);
    private static final String[] NONE = {};

    private final AccessPolicyImpl policy = new AccessPolicyImpl();

    @Test
    void by_default_edgepki_is_granted_everything_and_any_other_bundle_nothing() {
        for (String operation : Operations.all()) {
            assertTrue(policy.permits(EDGEPKI, operation, "aziot-edged-ca"), operation);
            assertFalse(policy.permits(APP, operation, "aziot-edged-ca"), operation);
        }
        assertFalse(policy.permits(new Caller(null, 3), Operations.KEY_SIGN, "x"), "a bundle without a name");
        assertFalse(policy.permits(new Caller("org.edgepki", 3), Operations.KEY_SIGN, "x"),
                "org.edgepki.* needs the dot");
    }

    @Test
    void a_denial_names_the_caller_the_operation_and_the_id() {
        AuthorizationException denied = assertThrows(AuthorizationException.class,
                () -> policy.check(APP, Operations.KEY_SIGN, "aziot-edged-ca"));
        assertEquals("com.example.app [42]", denied.caller());
        assertEquals(Operations.KEY_SIGN, denied.operation());
        assertEquals("aziot-edged-ca", denied.id());
        assertEquals("bundle com.example.app [42] may not key.sign on 'aziot-edged-ca': no grant in "
                + "org.edgepki.authorization (denied by default)", denied.getMessage());
    }

    @Test
    void grants_cover_their_bundles_operations_and_ids_with_globs() {
        assertTrue(policy.apply(null, new String[] {"com.example.* key.* app-*", "com.example.app cert.store  app"},
                NONE));
        assertTrue(policy.permits(APP, Operations.KEY_SIGN, "app-1"));
        assertTrue(policy.permits(APP, Operations.KEY_DELETE, "app-"));
        assertTrue(policy.permits(APP, Operations.CERT_STORE, "app"));
        assertFalse(policy.permits(APP, Operations.CERT_STORE, "app-1"));
        assertFalse(policy.permits(APP, Operations.KEY_SIGN, "aziot-edged-ca"));
        assertFalse(policy.permits(APP, Operations.CREDENTIAL_RENEW, "app-1"));
        assertFalse(policy.permits(new Caller("com.other", 1), Operations.KEY_SIGN, "app-1"));
    }

    @Test
    void a_module_mapping_grants_that_modules_certificates_only() {
        assertTrue(policy.apply(null, NONE, new String[] {"com.example.app telemetry"}));
        assertTrue(policy.permits(APP, Operations.WORKLOAD_SERVER, "telemetry"));
        assertTrue(policy.permits(APP, Operations.WORKLOAD_IDENTITY, "telemetry"));
        assertFalse(policy.permits(APP, Operations.WORKLOAD_SERVER, "edgeHub"));
        assertFalse(policy.permits(APP, Operations.KEY_SIGN, "telemetry"));
    }

    @Test
    void framework_property_grants_are_comma_separated_and_add_to_the_configuration() {
        assertTrue(policy.apply("com.example.app key.sign a, com.example.app key.use b", new String[] {
            "com.example.app cert.store c"}, NONE));
        assertTrue(policy.permits(APP, Operations.KEY_SIGN, "a"));
        assertTrue(policy.permits(APP, Operations.KEY_USE, "b"));
        assertTrue(policy.permits(APP, Operations.CERT_STORE, "c"));
    }

    @Test
    void a_policy_with_a_bad_entry_is_refused_whole_the_one_in_force_stays_and_the_check_says_why() {
        assertTrue(policy.apply(null, new String[] {"com.example.app key.sign a"}, NONE));
        assertEquals(Severity.OK, policy.run().get(0).severity());

        assertFalse(policy.apply(null, new String[] {"com.example.app key.sign b", "com.example.app key.sgin a"},
                NONE));
        assertTrue(policy.permits(APP, Operations.KEY_SIGN, "a"), "the policy in force stays");
        assertFalse(policy.permits(APP, Operations.KEY_SIGN, "b"), "nothing of the refused one applies");
        String error = policy.run().get(0).message();
        assertEquals(Severity.ERROR, policy.run().get(0).severity());
        assertTrue(error.contains("org.edgepki.authorization grants[1]: operation 'key.sgin' matches no operation"),
                error);
    }

    @Test
    void each_bad_entry_gets_its_rule() {
        assertRefused("grants[0]: expected '<bundle> <operation> <id>' separated by spaces, found 2 field(s)",
                new String[] {"com.example.app key.sign"}, NONE);
        assertRefused("grants[0]: expected '<bundle> <operation> <id>' separated by spaces, found 4 field(s)",
                new String[] {"com.example.app key.sign a b"}, NONE);
        assertRefused("grants[0]: 'com/example' is not a bundle symbolic name or glob",
                new String[] {"com/example key.sign a"}, NONE);
        assertRefused("modules[0]: module id 'tele*' must be letters, digits",
                NONE, new String[] {"com.example.app tele*"});
        assertRefused("modules[0]: expected '<bundle> <module id>' separated by spaces, found 1 field(s)",
                NONE, new String[] {"com.example.app"});
    }

    @Property(tries = 300)
    void no_operator_grant_ever_reaches_beyond_what_it_names(@ForAll("operations") String granted,
            @ForAll("operations") String asked, @ForAll("ids") String grantedId, @ForAll("ids") String askedId) {
        AccessPolicyImpl fresh = new AccessPolicyImpl();
        assertTrue(fresh.apply(null, new String[] {"com.example.app " + granted + " " + grantedId}, NONE));
        assertEquals(granted.equals(asked) && grantedId.equals(askedId), fresh.permits(APP, asked, askedId));
        assertFalse(fresh.permits(new Caller("com.example.app2", 1), granted, grantedId));
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(Operations.all());
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abc-./_").ofMinLength(1).ofMaxLength(6);
    }

    private void assertRefused(String expected, String[] grants, String[] modules) {
        AccessPolicyImpl fresh = new AccessPolicyImpl();
        assertFalse(fresh.apply(null, grants, modules));
        String error = fresh.run().get(0).message();
        assertTrue(error.contains(expected), error);
    }

    @Test
    void operations_are_named_by_profile() {
        assertEquals(List.of(Operations.ISSUE_CA, Operations.ISSUE_SERVER, Operations.ISSUE_CLIENT),
                List.of(org.edgepki.api.issuer.CertificateProfile.values()).stream().map(Operations::issue).toList());
        assertEquals(List.of(Operations.CREDENTIAL_ISSUE_CA, Operations.CREDENTIAL_ISSUE_SERVER,
                Operations.CREDENTIAL_ISSUE_CLIENT), List.of(org.edgepki.api.issuer.CertificateProfile.values())
                        .stream().map(Operations::credentialIssue).toList());
    }
}
