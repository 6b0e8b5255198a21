package org.edgepki.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.edgepki.common.crypto.CertificatePem;
import org.edgepki.common.crypto.IssuedBy;
import org.edgepki.common.crypto.Thumbprints;
import org.edgepki.common.files.AtomicFiles;

/**
 * The host's OS trust store, Debian/Ubuntu style: the one place that knows which of the trust bundle's certificates
 * go there (its self-signed roots), under which names ({@code edgepki-<sha256>.crt}), how to read the OS bundle
 * file, and how to install (write the files atomically, 0644, remove the ones no longer in the trust bundle, run
 * {@code update-ca-certificates}). {@code edgepki:trust} and the {@code os-trust-store} check both ask it.
 *
 * <p>The locations come from framework properties ({@value #DIR_PROPERTY}, {@value #BUNDLE_PROPERTY},
 * {@value #UPDATE_PROPERTY}), so another layout, or a test, can point it elsewhere. An update command given without
 * a slash is looked up on {@code PATH}, then in {@code /usr/sbin} and {@code /sbin} (a non-root shell on Debian has
 * neither on its PATH).
 */
final class OsTrustStore {
    static final String DIR_PROPERTY = "edgepki.os.trust.dir";
    static final String BUNDLE_PROPERTY = "edgepki.os.trust.bundle";
    static final String UPDATE_PROPERTY = "edgepki.os.trust.update";
    static final String DEFAULT_DIR = "/usr/local/share/ca-certificates";
    static final String DEFAULT_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
    static final String DEFAULT_UPDATE = "update-ca-certificates";
    /** Its hooks (Java's keystore, Mono's) can take a while on a slow gateway. */
    static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(2);
    /** Exactly the names {@link #fileName} makes: install never removes any other file. */
    private static final Pattern OWN_FILE = Pattern.compile("edgepki-[0-9a-f]{64}\\.crt");
    private static final int OUTPUT_SHOWN = 600;

    private final Path anchorDir;
    private final Path bundleFile;
    private final String updateCommand;
    private final List<Path> searchPath;
    private final Duration timeout;

    /**
     * @param anchorDir where the OS takes extra anchors from ({@code /usr/local/share/ca-certificates})
     * @param bundleFile the bundle the OS builds from them ({@code /etc/ssl/certs/ca-certificates.crt})
     * @param updateCommand the command that rebuilds the bundle: a path, or a name looked up in {@code searchPath}
     * @param searchPath the directories a bare command name is looked up in
     * @param timeout how long the update command may run before it is killed
     */
    OsTrustStore(Path anchorDir, Path bundleFile, String updateCommand, List<Path> searchPath, Duration timeout) {
        this.anchorDir = anchorDir;
        this.bundleFile = bundleFile;
        this.updateCommand = updateCommand;
        this.searchPath = List.copyOf(searchPath);
        this.timeout = timeout;
    }

    /**
     * @param properties the framework's properties ({@code BundleContext::getProperty})
     * @return the OS store the properties name, the Debian/Ubuntu one where they name none
     */
    static OsTrustStore of(UnaryOperator<String> properties) {
        List<Path> path = new ArrayList<>();
        Optional.ofNullable(System.getenv("PATH")).stream().flatMap(value -> Arrays.stream(value.split(":")))
                .filter(dir -> !dir.isEmpty()).map(Path::of).forEach(path::add);
        path.add(Path.of("/usr/sbin"));
        path.add(Path.of("/sbin"));
        return new OsTrustStore(Path.of(property(properties, DIR_PROPERTY, DEFAULT_DIR)),
                Path.of(property(properties, BUNDLE_PROPERTY, DEFAULT_BUNDLE)),
                property(properties, UPDATE_PROPERTY, DEFAULT_UPDATE), path, UPDATE_TIMEOUT);
    }

    private static String property(UnaryOperator<String> properties, String name, String fallback) {
        String value = properties.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    Path anchorDir() {
        return anchorDir;
    }

    Path bundleFile() {
        return bundleFile;
    }

    /** @return the trust bundle's roots (self-signed certificates), in its order: what goes into the OS store */
    static List<X509Certificate> roots(List<X509Certificate> trustBundle) {
        return trustBundle.stream().filter(certificate -> IssuedBy.issuedBy(certificate, certificate)).toList();
    }

    /** @return the anchor file name of a root: {@code edgepki-} and its SHA-256 thumbprint, lower-case hex */
    static String fileName(X509Certificate root) {
        return "edgepki-" + Thumbprints.sha256(root).toLowerCase(Locale.ROOT) + ".crt";
    }

    /** @return the bytes edgepki writes for a root: one PEM certificate */
    static byte[] content(X509Certificate root) {
        return CertificatePem.of(List.of(root)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return why {@link #install} cannot work here (no anchor directory, no update command), with what to do
     *     instead; empty on a Debian/Ubuntu-like host
     */
    Optional<String> unknownReason() {
        List<String> missing = new ArrayList<>();
        if (!Files.isDirectory(anchorDir)) {
            missing.add("no directory " + anchorDir);
        }
        if (update().isEmpty()) {
            missing.add("no " + updateCommand + (updateCommand.contains("/") ? "" : " on PATH"));
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the OS trust store is unknown here (" + String.join(", ", missing) + "): add the roots"
                + " edgepki:trust status lists to the OS trust store as its documentation says (Red Hat: "
                + "/etc/pki/ca-trust/source/anchors, then update-ca-trust), or set the framework properties "
                + DIR_PROPERTY + " and " + UPDATE_PROPERTY + " to this OS's anchor directory and update command");
    }

    /**
     * @return the certificates of the OS bundle file; empty when there is no such file (the OS store is unknown)
     * @throws IOException naming the file when it cannot be read or holds a corrupt PEM block
     */
    Optional<List<X509Certificate>> osBundle() throws IOException {
        if (!Files.isRegularFile(bundleFile)) {
            return Optional.empty();
        }
        byte[] content = Files.readAllBytes(bundleFile);
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.US_ASCII))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            // Bouncy Castle reports bad Base64 or DER inside a block with runtime exceptions, too.
            throw new IOException(bundleFile + " holds a corrupt PEM block (" + e.getClass().getSimpleName() + ")", e);
        }
        return Optional.of(certificates);
    }

    /**
     * @param osBundle the OS bundle's certificates
     * @param chain a chain, leaf first
     * @return whether the OS bundle holds the chain's root: its self-signed last certificate or, for a chain sent
     *     without its root, the certificate that issued the last one
     */
    static boolean holdsRootOf(List<X509Certificate> osBundle, List<X509Certificate> chain) {
        X509Certificate last = chain.get(chain.size() - 1);
        boolean selfSigned = IssuedBy.issuedBy(last, last);
        return osBundle.stream().anyMatch(anchor -> selfSigned ? anchor.equals(last) : IssuedBy.issuedBy(last, anchor));
    }

    /** @return whether the anchor file of this root holds exactly the bytes {@link #install} writes */
    boolean installed(X509Certificate root) throws IOException {
        Path file = anchorDir.resolve(fileName(root));
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), content(root));
    }

    /**
     * @param trustBundle edgepki's trust bundle
     * @return per root, whether it is installed and in the OS bundle; the stale edgepki files; why install cannot
     *     work here, if it cannot
     * @throws IOException naming the file that cannot be read
     */
    Status status(List<X509Certificate> trustBundle) throws IOException {
        List<X509Certificate> roots = roots(trustBundle);
        Optional<List<X509Certificate>> bundle = osBundle();
        List<RootStatus> states = new ArrayList<>();
        for (X509Certificate root : roots) {
            states.add(new RootStatus(root, installed(root), bundle.map(certificates -> certificates.contains(root))));
        }
        return new Status(states, roots.isEmpty() ? List.of() : stale(roots), unknownReason());
    }

    /**
     * One root of the trust bundle in the OS store.
     *
     * @param root the certificate
     * @param installed whether its anchor file holds the bytes install writes
     * @param inOsBundle whether the OS bundle file holds it; empty when there is no OS bundle file
     */
    record RootStatus(X509Certificate root, boolean installed, Optional<Boolean> inOsBundle) {
    }

    /**
     * The trust bundle's roots in the OS store.
     *
     * @param roots each root, in the trust bundle's order
     * @param stale edgepki's anchor files of roots no longer in the trust bundle; none while the trust bundle has no
     *     root, as install then keeps them
     * @param unknown why install cannot work here; empty when it can
     */
    record Status(List<RootStatus> roots, List<Path> stale, Optional<String> unknown) {
    }

    /** @return the files edgepki wrote earlier for roots no longer among {@code roots}, by name */
    List<Path> stale(List<X509Certificate> roots) throws IOException {
        if (!Files.isDirectory(anchorDir)) {
            return List.of();
        }
        Set<String> wanted = roots.stream().map(OsTrustStore::fileName).collect(Collectors.toSet());
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(anchorDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (OWN_FILE.matcher(name).matches() && !wanted.contains(name)
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    stale.add(file);
                }
            }
        }
        stale.sort(null);
        return stale;
    }

    /**
     * Installs the trust bundle's roots: writes each missing or different anchor file (atomically, 0644), removes
     * the edgepki files of roots no longer in the bundle, and runs the update command when a file changed or a root
     * is missing from the OS bundle. Changes nothing where {@link #unknownReason()} has a reason, or when the trust
     * bundle has no root.
     *
     * @param trustBundle edgepki's trust bundle
     * @return what was done
     * @throws IOException with a one-line message: the OS store is unknown, a file cannot be written, or the
     *     update command failed (the files stay written: running the command as root finishes the job)
     */
    Installation install(List<X509Certificate> trustBundle) throws IOException {
        Optional<String> unknown = unknownReason();
        if (unknown.isPresent()) {
            throw new IOException(unknown.get() + "; nothing was changed");
        }
        List<X509Certificate> roots = roots(trustBundle);
        if (roots.isEmpty()) {
            // An empty trust bundle is most likely one not ready yet: removing every edgepki root would be wrong.
            throw new IOException("the trust bundle holds no root certificate yet (no Edge CA, or an Edge CA chain"
                    + " without its root and no trust_bundle_cert); nothing was changed");
        }
        List<Path> written = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        try {
            for (X509Certificate root : roots) {
                if (!installed(root)) {
                    Path file = anchorDir.resolve(fileName(root));
                    AtomicFiles.write(file, content(root), AtomicFiles.PUBLIC_FILE);
                    written.add(file);
                }
            }
            for (Path file : stale(roots)) {
                AtomicFiles.delete(file);
                removed.add(file);
            }
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + anchorDir + ": permission denied; run edgepki:trust install in a"
                    + " runtime that runs as root, or copy the roots there as root", e);
        }
        boolean inBundle = osBundle().map(bundle -> roots.stream().allMatch(bundle::contains)).orElse(false);
        Optional<String> output = written.isEmpty() && removed.isEmpty() && inBundle ? Optional.empty()
                : Optional.of(runUpdate());
        return new Installation(roots.size(), written, removed, output);
    }

    /**
     * What {@link #install} did.
     *
     * @param roots how many roots the trust bundle has
     * @param written the anchor files written (new or changed)
     * @param removed the stale edgepki anchor files removed
     * @param updateOutput what the update command printed, when it ran
     */
    record Installation(int roots, List<Path> written, List<Path> removed, Optional<String> updateOutput) {
    }

    private Optional<Path> update() {
        Stream<Path> candidates = updateCommand.contains("/") ? Stream.of(Path.of(updateCommand))
                : searchPath.stream().map(dir -> dir.resolve(updateCommand));
        return candidates.filter(file -> Files.isRegularFile(file) && Files.isExecutable(file)).findFirst();
    }

    private String runUpdate() throws IOException {
        Path command = update().orElseThrow(() -> new IOException(updateCommand + " is gone"));
        Path log = Files.createTempFile("edgepki-update-ca", ".log");
        try {
            Process process = new ProcessBuilder(List.of(command.toString())).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(command + " was interrupted; run it again as root", e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish within " + timeout.toSeconds() + " s and was stopped;"
                        + " the anchor files are in " + anchorDir + ": run it as root to finish");
            }
            String output = tail(Files.readString(log, StandardCharsets.UTF_8));
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited with " + process.exitValue() + (output.isEmpty() ? "" : ": "
                        + output.replace('\n', ' ')) + "; the anchor files are in " + anchorDir + ": run it as root to finish");
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= OUTPUT_SHOWN ? trimmed : "..." + trimmed.substring(trimmed.length() - OUTPUT_SHOWN);
    }
}
