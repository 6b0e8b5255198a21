package org.edgepki.console.https.internal;

import javax.net.ssl.SSLContext;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The console's HTTPS connector, which Felix HTTP Jetty adds to its server for this service: TLS 1.2 and 1.3
 * with the given context (whose key manager is edgepki's, the key a handle), requests marked secure.
 */
final class HttpsConnector implements ConnectorFactory {
    private final HttpsSettings settings;
    private final SSLContext tls;

    HttpsConnector(HttpsSettings settings, SSLContext tls) {
        this.settings = settings;
        this.tls = tls;
    }

    @Override
    public Connector createConnector(Server server) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(tls);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration http = new HttpConfiguration();
        http.setSecureScheme("https");
        http.setSecurePort(settings.port());
        http.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The Host header is checked by the console's gate; Jetty knows no certificate names of a given context.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setName("edgepki-console-https");
        return connector;
    }
}
