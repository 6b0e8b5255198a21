package org.edgepki.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The baseline of the start-up benchmark, run in its own JVM: Felix plus SCR (and the OSGi
 * packages SCR needs), started; prints "ready" when SCR is active, then stops.
 */
public final class BareFrameworkStart {
    private BareFrameworkStart() {
    }

    /** @param args the bundles to install (SCR and its dependencies), then the storage directory */
    public static void main(String[] args) throws Exception {
        Path storage = Path.of(args[args.length - 1]);
        Files.createDirectories(storage);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        List<Bundle> bundles = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            bundles.add(framework.getBundleContext().installBundle(Path.of(args[i]).toUri().toString()));
        }
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        System.out.println("ready");
        System.out.flush();
        framework.stop();
        framework.waitForStop(10_000);
    }
}
