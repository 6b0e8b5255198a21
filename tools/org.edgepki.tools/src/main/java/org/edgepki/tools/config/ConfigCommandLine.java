package org.edgepki.tools.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.common.files.AtomicFiles;
import org.edgepki.config.toml.internal.apply.ConfigurationChange;
import org.edgepki.config.toml.internal.apply.ConfigurationPlan;
import org.edgepki.config.toml.internal.apply.PlannedConfiguration;
import org.edgepki.config.toml.internal.apply.SecretReferences;
import org.edgepki.tools.config.migrate.LegacyConfigException;
import org.edgepki.tools.config.migrate.LegacyConfigImport;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.edgepki.config.toml.internal.schema.Problem;
import org.edgepki.config.toml.internal.schema.Problem.Severity;

/**
 * {@code edgepki config ...} on the command line, without a running gateway:
 * <ul>
 * <li>{@code check FILE} — validates a config.toml; exit 0 when it would be accepted, 1 when not;</li>
 * <li>{@code plan FILE} — also prints the Config Admin configurations it becomes;</li>
 * <li>{@code import [OLD.yaml [NEW.toml]] [--force]} — converts an IoT Edge 1.1 config.yaml; with no files, as
 * {@code iotedge config import} does, {@value #LEGACY_CONFIG} into {@value #CONFIG}.</li>
 * </ul>
 * Exit code 2 means the command line itself was wrong.
 */
public final class ConfigCommandLine {
    static final int OK = 0;
    static final int REJECTED = 1;
    static final int USAGE = 2;
    /** IoT Edge 1.1's configuration, which {@code config import} reads when given no file. */
    static final String LEGACY_CONFIG = "/etc/iotedge/config.yaml";
    /** IoT Edge 1.2+'s configuration, which {@code config import} writes when given no file. */
    static final String CONFIG = "/etc/aziot/config.toml";
    private static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: edgepki config check FILE              validate a config.toml (exit 0 ok, 1 rejected)",
            "       edgepki config plan FILE               validate and print the configurations it becomes",
            "       edgepki config import [OLD.yaml [NEW.toml]] [--force]",
            "                                              convert an IoT Edge 1.1 config.yaml to config.toml",
            "                                              (no files: " + LEGACY_CONFIG + " into " + CONFIG + ")");

    private final PrintStream out;
    private final PrintStream err;
    private final Path legacyConfig;
    private final Path config;

    ConfigCommandLine(PrintStream out, PrintStream err) {
        this(out, err, Path.of(LEGACY_CONFIG), Path.of(CONFIG));
    }

    /** @param legacyConfig and {@code config}: what {@code import} with no files reads and writes */
    ConfigCommandLine(PrintStream out, PrintStream err, Path legacyConfig, Path config) {
        this.out = out;
        this.err = err;
        this.legacyConfig = legacyConfig;
        this.config = config;
    }

    public static void main(String[] args) {
        System.exit(new ConfigCommandLine(System.out, System.err).run(args));
    }

    int run(String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (!arguments.isEmpty() && arguments.get(0).equals("config")) {
            arguments.remove(0);
        }
        if (arguments.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        String command = arguments.remove(0);
        return switch (command) {
            case "check" -> arguments.size() == 1 ? check(Path.of(arguments.get(0)), false) : usage();
            case "plan" -> arguments.size() == 1 ? check(Path.of(arguments.get(0)), true) : usage();
            case "import" -> importYaml(arguments);
            case "help", "--help", "-h" -> {
                out.println(USAGE_TEXT);
                yield OK;
            }
            default -> usage();
        };
    }

    private int check(Path file, boolean plan) {
        ConfigReader.Result result = ConfigReader.read(file);
        result.problems().all().forEach(problem -> (problem.severity() == Severity.ERROR ? err : out).println(problem));
        if (result.config().isEmpty()) {
            err.println(file + ": rejected (" + result.problems().of(Severity.ERROR).size() + " error(s))");
            return REJECTED;
        }
        out.println(file + ": ok" + summary(result.problems().all()));
        if (plan) {
            // where the runtime keeps each password and PIN: a file its configuration names, never the secret itself
            Path secrets = Path.of("$EDGEPKI_HOME", "secrets");
            for (PlannedConfiguration planned : SecretReferences.of(ConfigurationPlan.of(result.config().get()),
                    (purpose, secret) -> secrets.resolve(purpose.replaceAll("[^A-Za-z0-9._-]", "_"))).plan()) {
                out.println(planned.displayName());
                planned.values().forEach((key, value) -> out.println("  " + key + " = "
                        + ConfigurationChange.shown(key, value)));
            }
        }
        return OK;
    }

    private int importYaml(List<String> arguments) {
        boolean force = arguments.remove("--force");
        if (arguments.isEmpty()) {
            arguments.add(legacyConfig.toString());
            arguments.add(config.toString());
        }
        if (arguments.size() > 2) {
            return usage();
        }
        Path source = Path.of(arguments.get(0));
        try {
            String yaml = Files.readString(source, StandardCharsets.UTF_8);
            LegacyConfigImport.Result result = LegacyConfigImport.convert(yaml, source.toString());
            result.notes().forEach(note -> err.println("note: " + note));
            if (arguments.size() == 1) {
                out.print(result.toml());
                return OK;
            }
            Path target = Path.of(arguments.get(1));
            if (Files.exists(target) && !force) {
                err.println(target + " exists; add --force to replace it");
                return REJECTED;
            }
            // config.toml may hold passwords and PINs: owner read/write only, like IoT Edge's.
            AtomicFiles.write(target, result.toml().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE_FILE);
            out.println("wrote " + target + "; check it with: edgepki config check " + target);
            return OK;
        } catch (LegacyConfigException e) {
            err.println(e.getMessage());
            return REJECTED;
        } catch (IOException e) {
            err.println(source + ": cannot be read or written: " + e.getMessage());
            return REJECTED;
        }
    }

    private static String summary(List<Problem> problems) {
        long warnings = problems.stream().filter(problem -> problem.severity() == Severity.WARNING).count();
        return warnings == 0 ? "" : " (" + warnings + " warning(s))";
    }

    private int usage() {
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
