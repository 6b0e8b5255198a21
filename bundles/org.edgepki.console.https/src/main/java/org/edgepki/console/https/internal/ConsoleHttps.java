package org.edgepki.console.https.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateEvents;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.issuer.SubjectAltName;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.edgepki.api.workload.WorkloadCredential;
import org.edgepki.common.naming.DeviceNames;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Serves the Web Console over HTTPS when the framework property {@value HttpsSettings#PORT} is set: gets the
 * console's server certificate (module {@value HttpsSettings#MODULE}) from the Edge CA, reusing the stored one
 * while it is valid and names what {@link HttpsSettings} asks, and only then adds the HTTPS connector to Felix
 * HTTP Jetty. The credential service renews the certificate like any module certificate (and issues it again
 * from a new Edge CA); each time it is stored, the next TLS handshake serves it. Until the first certificate
 * comes (the Edge CA may not be ready), it tries again every {@value #RETRY_SECONDS} s.
 */
@Component(service = EventHandler.class, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + CertificateEvents.TOPIC_STORED)
public final class ConsoleHttps implements EventHandler {
    static final long RETRY_SECONDS = 10;
    private static final Logger LOG = System.getLogger(ConsoleHttps.class.getName());

    @Reference
    private WorkloadCertificates workload;
    @Reference
    private CertificateService certificates;
    @Reference
    private KeyService keys;
    private final CurrentKeyManager keyManager = new CurrentKeyManager();
    private final String certId = CredentialIds.moduleServer(HttpsSettings.MODULE);
    private BundleContext context;
    private HttpsSettings settings;
    private ScheduledExecutorService worker;
    private ServiceRegistration<ConnectorFactory> connector;
    private String lastError;
    private volatile X509Certificate inUse;

    @Activate
    private synchronized void activate(BundleContext bundleContext) {
        context = bundleContext;
        try {
            settings = HttpsSettings.from(bundleContext::getProperty, DeviceNames.osHostname(), interfaceAddresses())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "the console is not served over HTTPS: " + e.getMessage());
            return;
        }
        if (settings == null) {
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "edgepki-console-https"));
        worker.execute(this::obtain);
    }

    @Deactivate
    private synchronized void deactivate() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
        if (connector != null) {
            connector.unregister();
            connector = null;
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (!certId.equals(event.getProperty(CertificateEvents.CERT_ID))) {
            return;
        }
        synchronized (this) {
            if (worker != null) {
                worker.execute(this::reload);
            }
        }
    }

    /** Uses the stored certificate if it fits, else has one issued; then serves. */
    private void obtain() {
        try {
            Optional<StoredCertificate> stored = certificates.find(certId);
            List<X509Certificate> chain;
            if (stored.isPresent() && fits(stored.get().leaf())) {
                chain = stored.get().chain();
            } else {
                WorkloadCredential issued = workload.serverCertificate(HttpsSettings.MODULE, settings.commonName(),
                        settings.names());
                chain = issued.chain();
            }
            use(chain);
            serve();
        } catch (Exception e) {
            String error = String.valueOf(e.getMessage());
            if (!error.equals(lastError)) {
                LOG.log(Level.WARNING, "the console's HTTPS certificate: " + error + "; trying again every "
                        + RETRY_SECONDS + " s");
                lastError = error;
            }
            synchronized (this) {
                if (worker != null) {
                    worker.schedule(this::obtain, RETRY_SECONDS, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** A renewal (or a new Edge CA's issuance) was stored: serve it from the next handshake. */
    private void reload() {
        if (!keyManager.ready()) {
            return;
        }
        try {
            List<X509Certificate> chain = certificates.get(certId).chain();
            if (chain.get(0).equals(inUse)) {
                return;
            }
            use(chain);
            LOG.log(Level.INFO, "the console's HTTPS certificate was renewed; served from the next connection");
        } catch (Exception e) {
            LOG.log(Level.WARNING, "the console's renewed HTTPS certificate is not served yet: " + e.getMessage()
                    + "; the previous one stays until the next renewal or restart");
        }
    }

    private void use(List<X509Certificate> chain) throws KeyException {
        keyManager.use(keys.keyManager(certId, chain));
        inUse = chain.get(0);
    }

    private synchronized void serve() throws GeneralSecurityException {
        if (connector != null || worker == null) {
            return;
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {keyManager}, null, null);
        connector = context.registerService(ConnectorFactory.class, new HttpsConnector(settings, tls), null);
        LOG.log(Level.INFO, "the Web Console is served over HTTPS at https://" + settings.host() + ":" + settings.port()
                + "/system/console, with a certificate from the Edge CA for " + settings.names());
    }

    /** Whether a stored certificate is valid now and names exactly what is asked. */
    private boolean fits(X509Certificate leaf) {
        try {
            leaf.checkValidity();
            return names(leaf).equals(new HashSet<>(settings.names()));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<SubjectAltName> names(X509Certificate leaf) throws CertificateParsingException {
        Set<SubjectAltName> names = new HashSet<>();
        Collection<List<?>> entries = leaf.getSubjectAlternativeNames();
        for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
            if (entry.get(0) instanceof Integer type && entry.get(1) instanceof String value) {
                if (type == 2) {
                    names.add(new SubjectAltName(SubjectAltName.Type.DNS, value.toLowerCase(Locale.ROOT)));
                } else if (type == 7) {
                    names.add(new SubjectAltName(SubjectAltName.Type.IP, value));
                }
            }
        }
        return names;
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (network.isUp()) {
                    addresses.addAll(Collections.list(network.getInetAddresses()).stream()
                            .filter(address -> !address.isLinkLocalAddress()).toList());
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "the machine's addresses are unknown (" + e.getMessage()
                    + "): the console's certificate names only its host name");
        }
        return addresses;
    }
}
