package org.edgepki.shell.internal;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the OS trust store's tests share: a temporary Debian-like host and the certificates of a trust bundle. */
abstract class OsTrustStoreFixture {
    static TestRoots.Ca userRoot;
    static TestRoots.Ca edgeRoot;
    static TestRoots.Ca edgeCa;
    static TestRoots.Ca otherRoot;

    @TempDir
    Path temp;
    FakeDebianHost host;

    @BeforeAll
    static void certificates() throws Exception {
        userRoot = TestRoots.root("user trust root");
        edgeRoot = TestRoots.root("edge root");
        edgeCa = TestRoots.issue("edge CA", edgeRoot);
        otherRoot = TestRoots.root("a root edgepki trusted before");
    }

    @BeforeEach
    void host() throws Exception {
        host = new FakeDebianHost(temp);
    }

    /** @return the trust bundle as TrustBundleImpl makes it: the user trust bundle, then the Edge CA chain */
    static List<X509Certificate> trustBundle() {
        return List.of(userRoot.certificate(), edgeCa.certificate(), edgeRoot.certificate());
    }
}
