package org.edgepki.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edgepki.api.check.Finding;

/**
 * The permission rules of IoT Edge's documentation for preloaded files, as check findings:
 * certificates 0644 in 0755 directories (nobody else may write them), private keys and every other
 * file holding a secret (PIN files, config.toml with a password) 0600 (or 0400) in 0700 directories
 * (nobody else may read them). A key file its group may read (0640, 0440: an older documentation's
 * {@code chmod 440}) is a warning; any other secret file others may read, or a key file users other
 * than its group may read or its group change, is an error.
 */
public final class FilePermissionFindings {
    /** The check id of both rules. */
    public static final String CHECK = "file-permissions";
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OTHERS_ANY = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final Set<PosixFilePermission> GROUP_READABLE_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ);
    private static final Set<PosixFilePermission> GROUP_READABLE_OWNER_READ_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ);

    private FilePermissionFindings() {
    }

    /**
     * @param id the key id
     * @param file the preloaded key file
     * @return one finding per problem (missing file, readable by others, open directory), else one OK
     */
    public static List<Finding> keyFile(String id, Path file) {
        return secret(id, file, "key file", "the private key", true);
    }

    /**
     * The rule of every file that holds a secret (a private key, a PIN, a password): 0600 in a 0700 directory.
     *
     * @param id what the file is for (the finding's subject)
     * @param file the file
     * @param kind what the file is, for example {@code "PIN file"}
     * @param secret what others could read, for example {@code "the token's PIN"}
     * @return one finding per problem (missing file, readable by others, open directory), else one OK
     */
    public static List<Finding> secretFile(String id, Path file, String kind, String secret) {
        return secret(id, file, kind, secret, false);
    }

    /** @param groupMayRead whether a file only its group may also read is a warning (a key), not an error */
    private static List<Finding> secret(String id, Path file, String kind, String secret, boolean groupMayRead) {
        List<Finding> findings = new ArrayList<>();
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (groupMayRead && (mode.equals(GROUP_READABLE_ONLY) || mode.equals(GROUP_READABLE_OWNER_READ_ONLY))) {
                // 0640 / 0440: an older documentation's chmod 440; only the file's group can read it
                findings.add(Finding.warning(CHECK, id, "the " + kind + " " + file + " is mode " + octal(mode)
                        + ": members of its group can read " + secret, "chmod 600 " + file));
            } else if (!disjoint(mode, OTHERS_ANY)) {
                findings.add(Finding.error(CHECK, id, "the " + kind + " " + file + " is mode " + octal(mode)
                        + ": other users can read " + secret, "chmod 600 " + file));
            }
            Set<PosixFilePermission> directory = Files.getPosixFilePermissions(file.toAbsolutePath().getParent());
            if (!disjoint(directory, OTHERS_ANY)) {
                findings.add(Finding.warning(CHECK, id, "the directory " + file.toAbsolutePath().getParent() + " of the "
                        + kind + " is mode " + octal(directory) + "; secrets belong in a 0700 directory",
                        "chmod 700 " + file.toAbsolutePath().getParent()));
            }
        } catch (IOException e) {
            return List.of(unreadable(id, file, e));
        }
        return findings.isEmpty() ? List.of(Finding.ok(CHECK, id, file + " is 0600 in a 0700 directory (or stricter)"))
                : findings;
    }

    /**
     * @param id the certificate id
     * @param file the preloaded certificate file
     * @return one finding per problem (missing file, writable by others, writable directory), else one OK
     */
    public static List<Finding> certificateFile(String id, Path file) {
        List<Finding> findings = new ArrayList<>();
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!disjoint(mode, OTHERS_WRITE)) {
                findings.add(Finding.error(CHECK, id, "the certificate file " + file + " is mode " + octal(mode)
                        + ": other users can replace it", "chmod 644 " + file));
            }
            Path parent = file.toAbsolutePath().getParent();
            Set<PosixFilePermission> directory = Files.getPosixFilePermissions(parent);
            if (!disjoint(directory, OTHERS_WRITE)) {
                findings.add(Finding.error(CHECK, id, "the certificate's directory " + parent + " is mode "
                        + octal(directory) + ": other users can replace its files", "chmod 755 " + parent));
            }
        } catch (IOException e) {
            return List.of(unreadable(id, file, e));
        }
        return findings.isEmpty() ? List.of(Finding.ok(CHECK, id, file + " is 0644 in a 0755 directory (or stricter)"))
                : findings;
    }

    /**
     * @param check the check id of the finding
     * @param path a file or directory that only its owner may read
     * @param what what other users could read there, for example {@code "its EST password"}
     * @return an error naming the mode and the {@code chmod} that fixes it, or empty when others have no access
     *     (or the path does not exist)
     */
    public static Optional<Finding> openToOthers(String check, Path path, String what) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (disjoint(mode, OTHERS_ANY)) {
                return Optional.empty();
            }
            return Optional.of(Finding.error(check, path.toString(), path + " is mode " + octal(mode)
                    + ": other users can read " + what, "chmod " + (Files.isDirectory(path) ? "700 " : "600 ") + path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Finding unreadable(String id, Path file, IOException e) {
        return Finding.error(CHECK, id, "cannot read the permissions of " + file + ": "
                + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString()),
                "put the file where config.toml says, or correct the path there");
    }

    private static boolean disjoint(Set<PosixFilePermission> mode, Set<PosixFilePermission> forbidden) {
        return mode.stream().noneMatch(forbidden::contains);
    }

    /** {@code 0644} for {@code rw-r--r--}. */
    static String octal(Set<PosixFilePermission> mode) {
        String symbolic = PosixFilePermissions.toString(mode);
        int value = 0;
        for (int i = 0; i < 9; i++) {
            value = value << 1 | (symbolic.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("0%03o", value);
    }
}
