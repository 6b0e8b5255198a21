package org.edgepki.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The runtime's own bundles (from the exported Felix launcher jar) in an embedded framework, so a
 * benchmark calls the real services. The edgepki API comes from the class path through the system
 * bundle, which lets the benchmark use the same interfaces; the web stack, the console bundles and
 * the Gogo shell are left out.
 */
final class EmbeddedRuntime implements AutoCloseable {
    private static final List<String> LEFT_OUT = List.of("org.edgepki.api-", "gogo.shell", "jetty12", "webconsole",
            "org.edgepki.console");

    private final Framework framework;
    private final Path directory;

    EmbeddedRuntime(Map<String, String> extraProperties) throws Exception {
        directory = Files.createTempDirectory("edgepki-bench");
        Map<String, String> properties = new HashMap<>(extraProperties);
        properties.put(Constants.FRAMEWORK_STORAGE, directory.resolve("framework").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        List<Path> bundles = extractBundles(directory.resolve("bundles"));
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiPackages(directory.resolve("bundles")));
        properties.put("edgepki.home", directory.resolve("home").toString());
        // The benchmark calls the services as the framework's system bundle, which the installation grants.
        properties.put("edgepki.authorization.grants", "org.apache.felix.framework * *, org.eclipse.osgi * *");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.start();
        List<Bundle> installed = new ArrayList<>();
        for (Path bundle : bundles) {
            installed.add(framework.getBundleContext().installBundle(bundle.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    Path home() {
        return directory.resolve("home");
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    <T> T service(Class<T> type, String filter) throws Exception {
        String objectClass = "(objectClass=" + type.getName() + ")";
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(),
                context().createFilter(filter == null ? objectClass : "(&" + objectClass + filter + ")"), null);
        tracker.open();
        T service = tracker.waitForService(60_000);
        if (service == null) {
            throw new IllegalStateException(type.getName() + " " + filter + " did not appear");
        }
        return service;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** @return the API bundle's Export-Package (extracted into {@code bundles}), for the system bundle to export */
    private static String apiPackages(Path bundles) throws IOException {
        try (Stream<Path> files = Files.list(bundles)) {
            Path api = files.filter(file -> file.getFileName().toString().startsWith("org.edgepki.api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the launcher has no org.edgepki.api bundle"));
            try (JarFile jar = new JarFile(api.toFile())) {
                return jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            }
        }
    }

    /** @return the launcher jar's bundles, in its order, without {@link #LEFT_OUT} (all are extracted) */
    private static List<Path> extractBundles(Path target) throws IOException, BundleException {
        Path jar = Launchers.jar("felix");
        Files.createDirectories(target);
        List<Path> bundles = new ArrayList<>();
        try (JarFile launcher = new JarFile(jar.toFile())) {
            Properties properties = new Properties();
            try (InputStream in = launcher.getInputStream(launcher.getEntry("launcher.properties"))) {
                properties.load(in);
            }
            for (String entry : properties.getProperty("launch.bundles").split(",")) {
                String name = Path.of(entry.trim()).getFileName().toString();
                Path file = target.resolve(name);
                try (InputStream in = launcher.getInputStream(launcher.getEntry(entry.trim()))) {
                    Files.copy(in, file);
                }
                if (LEFT_OUT.stream().noneMatch(name::contains)) {
                    bundles.add(file);
                }
            }
        }
        return bundles;
    }
}
