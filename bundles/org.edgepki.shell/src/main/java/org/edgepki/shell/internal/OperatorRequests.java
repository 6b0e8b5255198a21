package org.edgepki.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.edgepki.api.check.CheckReport;
import org.edgepki.api.check.CheckService;
import org.edgepki.api.config.ConfigFileService;

/**
 * The operator's requests the control socket answers for {@code bin/edgepki}: {@code check [--json]},
 * {@code config apply [--dry-run]}, {@code certs}, {@code cert <id>}, {@code renew <id>} and
 * {@code import <id> <file> [--password-file <file>]} and {@code trust install|status}, with the output of the
 * Gogo commands.
 *
 * <p>A request is one line: its words separated by single spaces, each URL-encoded (UTF-8), so a path
 * with spaces is one word. A reply is {@code exit <code>} and the text for standard output, or
 * {@code error <code>} and one line for standard error. Codes: {@code check} 0 ready, 1 warnings,
 * 2 errors; {@code config apply} 0 accepted, 1 rejected; the other commands 0 done, 1 failed;
 * 2 for a request this runtime does not answer (nothing runs).
 */
final class OperatorRequests {
    private static final Logger LOG = System.getLogger(OperatorRequests.class.getName());
    static final String USAGE = "the control socket answers: check [--json] | config apply [--dry-run] | certs"
            + " | cert <id> | renew <id> | import <id> <file> [--password-file <file>] | trust install|status";
    /** Bounds a password file: a PKCS#12 password is a line, not a file's worth. */
    static final int MAX_PASSWORD_FILE = 4096;

    private final CheckService checks;
    private final Supplier<ConfigFileService> configFile;
    private final CertificateCommands certificates;
    private final TrustCommands trust;

    /**
     * @param checks the check runner
     * @param configFile the config.toml adapter, or null while it is not running
     * @param certificates the Gogo certificate commands, whose output the socket gives
     * @param trust the Gogo OS trust store command
     */
    OperatorRequests(CheckService checks, Supplier<ConfigFileService> configFile, CertificateCommands certificates,
            TrustCommands trust) {
        this.checks = checks;
        this.configFile = configFile;
        this.certificates = certificates;
        this.trust = trust;
    }

    /**
     * @param line what the client sent, at most the socket's limit; anything at all
     * @return the reply; never throws for a bad request
     */
    String reply(String line) throws InterruptedException {
        List<String> words = words(line.strip());
        if (words == null) {
            return unknown();
        }
        try {
            return switch (String.join(" ", words.subList(0, Math.min(2, words.size())))) {
                case "check" -> words.size() == 1 ? check(false) : unknown();
                case "check --json" -> words.size() == 2 ? check(true) : unknown();
                case "config apply" -> configApply(words.subList(2, words.size()));
                case "certs" -> words.size() == 1 ? done(certificates.certs()) : unknown();
                case "trust install", "trust status" -> words.size() == 2 ? done(trust.trust(words.get(1))) : unknown();
                default -> certificateCommand(words);
            };
        } catch (CommandFailure e) {
            return "error 1\n" + e.getMessage() + "\n";
        } catch (RuntimeException e) {
            // a bug, or a service failing underneath: the client hears of it, the log has the whole of it
            LOG.log(Level.ERROR, "The control socket request '" + words.get(0) + "' failed unexpectedly", e);
            return "error 1\n" + words.get(0) + " failed unexpectedly (" + e.getClass().getSimpleName()
                    + "); the runtime's log has the details\n";
        }
    }

    private String check(boolean json) throws InterruptedException {
        CheckReport report = checks.run();
        return "exit " + report.worst().exitCode() + "\n"
                + (json ? CheckReportFormat.json(report) : CheckReportFormat.text(report));
    }

    private String configApply(List<String> options) throws InterruptedException {
        boolean dryRun = options.equals(List.of("--dry-run"));
        if (!dryRun && !options.isEmpty()) {
            return unknown();
        }
        ConfigFileService adapter = configFile.get();
        if (adapter == null) {
            throw new CommandFailure("the config.toml adapter (bundle org.edgepki.config.toml) is not running; this"
                    + " runtime is configured through Config Admin alone");
        }
        ConfigFileService.Applied applied = adapter.apply(dryRun);
        return "exit " + (applied.accepted() ? 0 : 1) + "\n" + applied.report() + "\n";
    }

    private String certificateCommand(List<String> words) {
        String command = words.get(0);
        if ((command.equals("cert") || command.equals("renew")) && words.size() == 2) {
            return done(command.equals("cert") ? certificates.cert(words.get(1)) : certificates.renew(words.get(1)));
        }
        if (command.equals("import") && (words.size() == 3 || words.size() == 5 && words.get(3).equals("--password-file"))) {
            Path file = absolute(words.get(2));
            char[] password = words.size() == 5 ? password(absolute(words.get(4))) : null;
            try {
                return done(certificates.importFile(words.get(1), file, password));
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
        return unknown();
    }

    /** The client sends absolute paths: its working directory is not the runtime's. */
    private static Path absolute(String path) {
        Path given = Path.of(path);
        if (!given.isAbsolute()) {
            throw new CommandFailure("'" + path + "' is not an absolute path");
        }
        return given;
    }

    /** Reads a PKCS#12 password: the file's first line, UTF-8; never shown in a message. */
    static char[] password(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailure(file + ": not a regular file (the password file)");
        }
        byte[] bytes = new byte[MAX_PASSWORD_FILE + 1];
        int length = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int read;
            while (length < bytes.length && (read = in.read(bytes, length, bytes.length - length)) > 0) {
                length += read;
            }
            if (length > MAX_PASSWORD_FILE) {
                throw new CommandFailure(file + ": a password file holds at most " + MAX_PASSWORD_FILE + " bytes");
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] password = new char[end];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new CommandFailure(file + ": the password file is not UTF-8 text");
        } catch (IOException e) {
            throw new CommandFailure(file + ": the password file cannot be read (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** @return the request's words, or null when one is empty, not URL-encoded UTF-8 or holds a control character */
    private static List<String> words(String line) {
        if (line.isEmpty()) {
            return null;
        }
        String[] encoded = line.split(" ", -1);
        String[] decoded = new String[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            try {
                decoded[i] = URLDecoder.decode(encoded[i], StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (decoded[i].isEmpty() || decoded[i].chars().anyMatch(Character::isISOControl)
                    || decoded[i].contains("\uFFFD")) {
                return null;
            }
        }
        return List.of(decoded);
    }

    private static String done(String output) {
        return "exit 0\n" + output;
    }

    private static String unknown() {
        return "exit 2\nunknown request; " + USAGE + "\n";
    }
}
