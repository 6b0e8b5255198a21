package org.edgepki.certstore.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.common.files.FilePermissionFindings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Check: every preloaded certificate file (config.toml's {@code cert}, {@code trust_bundle_cert},
 * {@code [preloaded_certs]}, ...) exists and only its owner may write it or its directory.
 */
@Component(service = Check.class, configurationPid = CertificateStoreConfig.PID,
        property = Check.ID + "=" + FilePermissionFindings.CHECK)
public final class PreloadedCertificateCheck implements Check {
    private volatile Map<String, List<Path>> preloaded = Map.of();
    private volatile String configError;
    private BundleContext context;

    @Activate
    void activate(BundleContext context, CertificateStoreConfig config) {
        this.context = context;
        modified(config);
    }

    @Modified
    void modified(CertificateStoreConfig config) {
        try {
            preloaded = StoreSettings.of(config, context::getProperty).preloaded();
            configError = null;
        } catch (RuntimeException e) {
            configError = e.getMessage();
        }
    }

    @Override
    public List<Finding> run() {
        if (configError != null) {
            return List.of(Finding.error(FilePermissionFindings.CHECK, CertificateStoreConfig.PID, configError,
                    "correct the preloaded certificate entries in config.toml"));
        }
        List<Finding> findings = new ArrayList<>();
        preloaded.forEach((id, files) -> files.forEach(file -> findings.addAll(FilePermissionFindings.certificateFile(id, file))));
        return findings;
    }
}
