package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateStoreException;
import org.edgepki.api.key.KeyService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/**
 * The component's lifecycle as SCR drives it: SCR calls the private lifecycle methods with a
 * configuration proxy, which this test does by reflection.
 */
class CertificateServiceImplTest {
    @TempDir
    Path home;
    @TempDir
    Path etc;
    private CertificateServiceImpl component;
    private List<X509Certificate> chain;
    private Path chainFile;

    @BeforeEach
    void setUp() throws Exception {
        component = new CertificateServiceImpl();
        chain = TestPki.certificates(TestPki.chain("edge-ca"));
        chainFile = TestPki.write(etc.resolve("ca.pem"), TestPki.pem(chain.toArray()));
    }

    @Test
    void an_empty_home_is_resolved_from_the_framework_property() throws Exception {
        lifecycle("activate", config("", new String[0], 10));

        component.store("device-id", chain);

        assertEquals(chain, new StoreFixture(home).store().get("device-id").chain());
    }

    @Test
    void a_configuration_change_applies_in_place_and_keeps_stored_chains() throws Exception {
        lifecycle("activate", config(home.toString(), new String[0], 10));
        component.store("device-id", chain);

        lifecycle("modified", config(home.toString(), new String[] {"aziot-edged-ca=" + chainFile.toUri()}, 10));

        assertEquals(List.of("aziot-edged-ca", "device-id"), component.ids());
        assertTrue(component.get("aziot-edged-ca").preloaded());
    }

    @Test
    void a_configuration_change_posts_events_for_the_preloaded_ids_it_changes() throws Exception {
        RecordingEventAdmin events = new RecordingEventAdmin();
        Field eventAdmin = component.getClass().getDeclaredField("eventAdmin");
        eventAdmin.setAccessible(true);
        eventAdmin.set(component, events);
        String[] preloaded = {"aziot-edged-ca=" + chainFile.toUri()};
        lifecycle("activate", config(home.toString(), new String[0], 10));

        lifecycle("modified", config(home.toString(), preloaded, 10));
        lifecycle("modified", config(home.toString(), preloaded, 20));
        lifecycle("modified", config(home.toString(), new String[0], 10));

        assertEquals(List.of(CertificateEvents.TOPIC_STORED, CertificateEvents.TOPIC_DELETED), events.topics());
        assertEquals("aziot-edged-ca", events.posted().get(0).getProperty(CertificateEvents.CERT_ID));
        assertEquals("aziot-edged-ca", events.posted().get(1).getProperty(CertificateEvents.CERT_ID));
    }

    @Test
    void a_rejected_configuration_change_leaves_the_previous_one_in_force() throws Exception {
        lifecycle("activate", config(home.toString(), new String[] {"aziot-edged-ca=" + chainFile.toUri()}, 10));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> lifecycle("modified",
                config(home.toString(), new String[] {"aziot-edged-ca=/etc/ca.pem"}, 10)));

        assertTrue(error.getMessage().contains("preloaded_certs entry \"aziot-edged-ca=/etc/ca.pem\""),
                error.getMessage());
        assertEquals(chain, component.get("aziot-edged-ca").chain());
    }

    @Test
    void after_deactivation_calls_fail_retryably() throws Exception {
        lifecycle("activate", config(home.toString(), new String[0], 10));
        lifecycle("deactivate");

        CertificateStoreException error = assertThrows(CertificateStoreException.class, () -> component.ids());

        assertTrue(error.isRetryable());
    }

    @Test
    void the_key_service_is_bound_and_unbound_dynamically() throws Exception {
        lifecycle("activate", config(home.toString(), new String[0], 0));
        InMemoryKeyService keys = new InMemoryKeyService();
        TestPki.Issued leaf = TestPki.chain("device").get(0);
        Path combined = TestPki.write(etc.resolve("combined.pem"),
                TestPki.pem(leaf.certificate()) + TestPki.pkcs8Pem(leaf.keys()));

        reference("bindKeyService", keys);
        component.importFile("device-id", combined, null);
        reference("unbindKeyService", keys);

        assertTrue(keys.imported("device-id").isPresent());
        assertTrue(assertThrows(CertificateStoreException.class,
                () -> component.importFile("device-id", combined, null)).isRetryable());
    }

    private void lifecycle(String name, Object... arguments) throws Exception {
        Class<?>[] types = arguments.length == 0 ? new Class<?>[0]
                : new Class<?>[] {BundleContext.class, CertificateStoreConfig.class};
        Object[] values = arguments.length == 0 ? arguments : new Object[] {bundleContext(), arguments[0]};
        invoke(component.getClass().getDeclaredMethod(name, types), values);
    }

    private void reference(String name, KeyService service) throws Exception {
        invoke(component.getClass().getDeclaredMethod(name, KeyService.class), service);
    }

    private void invoke(Method method, Object... arguments) throws Exception {
        method.setAccessible(true);
        try {
            method.invoke(component, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private BundleContext bundleContext() {
        Map<String, String> properties = Map.of("edgepki.home", home.toString());
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) arguments[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static CertificateStoreConfig config(String home, String[] preloadedCerts, int timeoutSeconds) {
        return (CertificateStoreConfig) Proxy.newProxyInstance(CertificateStoreConfig.class.getClassLoader(),
                new Class<?>[] {CertificateStoreConfig.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "home" -> home;
                    case "preloaded__certs" -> preloadedCerts;
                    case "service__timeout__seconds" -> timeoutSeconds;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
