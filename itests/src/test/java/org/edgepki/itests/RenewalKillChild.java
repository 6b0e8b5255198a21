package org.edgepki.itests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.credential.CredentialException;
import org.edgepki.api.credential.CredentialService;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The process {@link RenewalKillTrials} kills: the runtime's own bundles in a framework (whichever
 * is on the class path), on a state directory that earlier, killed runs left behind. It waits until
 * every interrupted renewal is completed or rolled back, says {@code READY} and waits for
 * {@code GO} on standard input, then renews the Edge CA (new key) and the device identity (same
 * key) over and over, one line per renewal, until it is killed. Told to ({@value #REPLACE} as its second
 * argument), it first changes the Edge CA's method and lifetime in config.toml, as an operator would, says
 * {@code EDITED}, and waits for the replacement that follows (a new key and certificate, committed like a renewal).
 *
 * <p>The edgepki API comes from the class path through the system bundle, so this class calls the
 * real services; the web stack and the shell are left out, as nothing here uses them.
 */
public final class RenewalKillChild {
    static final String READY = "READY";
    static final String GO = "GO";
    static final String RENEWED = "RENEWED ";
    static final String REPLACED = "REPLACED ";
    static final String EDITED = "EDITED ";
    static final String REPLACE = "replace";
    /** The Edge CA's section of config.toml, quickstart or issued by the local CA: what a run may switch between. */
    static final String QUICKSTART_EDGE_CA = "[edge_ca]\nauto_generated_edge_ca_expiry_days = 30\n";
    static final String LOCAL_CA_EDGE_CA = "[edge_ca]\nmethod = \"local_ca\"\ncommon_name = \"gw-kill edge CA\"\n"
            + "expiry_days = 29\n";
    static final List<String> RENEWED_IDS = List.of(CredentialIds.EDGE_CA, CredentialIds.DEVICE_ID);
    static final String EDGE_HUB = CredentialIds.moduleServer(WorkloadCertificates.EDGE_HUB);
    private static final List<String> LEFT_OUT = List.of("org.edgepki.api-", "gogo.shell", "jetty", "webconsole",
            "org.edgepki.console");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private RenewalKillChild() {
    }

    /** @param args the state directory, then optionally {@value #REPLACE} */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        List<Path> bundles = new ArrayList<>();
        for (Path bundle : EdgePkiRuntime.runtimeBundles()) {
            if (LEFT_OUT.stream().noneMatch(bundle.getFileName().toString()::contains)) {
                bundles.add(bundle);
            }
        }
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, home.resolve("framework").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiPackages());
        properties.put("edgepki.home", home.toString());
        properties.put("edgepki.config", EdgePkiRuntime.configToml(home).toString());
        properties.put("felix.cm.dir", home.resolve("config").toString());
        // This process calls edgepki's services as the framework's system bundle: the installation grants it.
        properties.put("edgepki.authorization.grants", EdgePkiRuntime.SYSTEM_BUNDLE_GRANTS);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path bundle : bundles) {
            Bundle b = context.installBundle(bundle.toUri().toString());
            // As in the launcher: the config.toml adapter first, so the others start on its configuration.
            if (bundle.getFileName().toString().startsWith("org.edgepki.config.toml")) {
                b.start();
            } else {
                installed.add(b);
            }
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        CredentialService renewal = service(context, CredentialService.class);
        CertificateService certs = service(context, CertificateService.class);
        KeyService keys = service(context, KeyService.class);
        WorkloadCertificates workload = service(context, WorkloadCertificates.class);
        awaitSettled(renewal, certs, keys, workload);
        System.out.println(READY);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!GO.equals(in.readLine())) {
            framework.stop();
            return;
        }
        if (args.length > 1 && REPLACE.equals(args[1])) {
            replaceEdgeCa(home, certs);
        }
        for (long round = 1;; round++) {
            for (String id : RENEWED_IDS) {
                long started = System.nanoTime();
                try {
                    renewal.renewNow(id);
                    System.out.println(RENEWED + id + " " + round + " in " + (System.nanoTime() - started) / 1000 + " µs");
                } catch (CredentialException e) {
                    System.out.println("FAILED " + id + " " + e.getMessage());
                }
            }
        }
    }

    /**
     * Saves config.toml with the Edge CA's method and lifetime changed, as an operator would: the quickstart Edge CA
     * (30 days) becomes one issued by the local CA (29 days), and back. Waits until the credential service has
     * replaced the Edge CA accordingly.
     */
    private static void replaceEdgeCa(Path home, CertificateService certs) throws Exception {
        Path config = EdgePkiRuntime.configToml(home);
        String text = Files.readString(config);
        boolean toLocalCa = text.contains(QUICKSTART_EDGE_CA);
        String next = toLocalCa ? text.replace(QUICKSTART_EDGE_CA, LOCAL_CA_EDGE_CA)
                : text.replace(LOCAL_CA_EDGE_CA, QUICKSTART_EDGE_CA);
        if (next.equals(text)) {
            throw new IllegalStateException("no Edge CA section to change in " + config);
        }
        Path temp = config.resolveSibling(config.getFileName() + ".new");
        Files.writeString(temp, next);
        Files.move(temp, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        String wanted = toLocalCa ? "local_ca, 29 days" : "quickstart, 30 days";
        System.out.println(EDITED + CredentialIds.EDGE_CA + " (" + wanted + ")");
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            X509Certificate leaf = certs.get(CredentialIds.EDGE_CA).leaf();
            boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
            Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
            if (selfSigned != toLocalCa && lifetime.equals(Duration.ofDays(toLocalCa ? 29 : 30))) {
                System.out.println(REPLACED + CredentialIds.EDGE_CA + " (" + wanted + ") in "
                        + (System.nanoTime() - started) / 1000 + " µs");
                return;
            }
            Thread.sleep(5);
        }
        System.out.println("FAILED " + CredentialIds.EDGE_CA + " was not replaced (" + wanted + ")");
    }

    /**
     * Every credential has a certificate, no interrupted renewal is left (the scheduler recovers
     * each credential before anything else), and the edge serves the stored Edge CA and has issued
     * the edgeHub certificate.
     */
    private static void awaitSettled(CredentialService renewal, CertificateService certs, KeyService keys,
            WorkloadCertificates workload) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            waitingFor = unsettled(renewal, certs, keys, workload);
            if (waitingFor == null) {
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("NOT SETTLED after " + STARTUP.toSeconds() + " s: " + waitingFor);
        System.exit(3);
    }

    private static String unsettled(CredentialService renewal, CertificateService certs, KeyService keys,
            WorkloadCertificates workload) {
        try {
            for (String id : RENEWED_IDS) {
                if (renewal.status(id).isEmpty() || certs.find(id).isEmpty()) {
                    return id + " is not managed or has no certificate";
                }
                String temp = id + CredentialIds.TEMP_SUFFIX;
                if (certs.find(temp).isPresent() || keys.find(temp).isPresent()) {
                    return id + " has an interrupted renewal";
                }
                if (!renewal.status(id).get().lastError().isEmpty()) {
                    return id + ": " + renewal.status(id).get().lastError().get();
                }
            }
            if (!workload.edgeCaChain().equals(certs.get(CredentialIds.EDGE_CA).chain())) {
                return "the edge serves another Edge CA than the stored one";
            }
            if (certs.find(EDGE_HUB).isEmpty()) {
                return "the edge has not issued the edgeHub certificate yet";
            }
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    /**
     * Looked up without the framework's class-space check: the edge's service is also an
     * EventHandler, a class the system bundle sees from the class path, so Felix would hide it.
     */
    private static <T> T service(BundleContext context, Class<T> type) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] references = context.getAllServiceReferences(type.getName(), null);
            if (references != null) {
                return type.cast(context.getService(references[0]));
            }
            Thread.sleep(20);
        }
        System.out.println("NOT SETTLED: no " + type.getName());
        System.exit(3);
        return null;
    }

    /** @return the API bundle's Export-Package, for the system bundle to export from the class path */
    private static String apiPackages() throws Exception {
        for (Path bundle : EdgePkiRuntime.runtimeBundles()) {
            if (bundle.getFileName().toString().startsWith("org.edgepki.api-")) {
                try (JarFile jar = new JarFile(bundle.toFile())) {
                    return jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
                }
            }
        }
        throw new IllegalStateException("the runtime has no org.edgepki.api bundle");
    }
}
