package org.edgepki.tools.demo;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses {@code <step> [name] [options]}; options may come anywhere, as {@code --opt value} or
 * {@code --opt=value}. Every mistake is a {@link DemoUsageException} naming the argument.
 */
final class DemoArguments {
    private final Path defaultDirectory;

    /** @param defaultDirectory the working directory when {@code --dir} is absent, and the base of a relative one */
    DemoArguments(Path defaultDirectory) {
        this.defaultDirectory = defaultDirectory.toAbsolutePath().normalize();
    }

    Path defaultDirectory() {
        return defaultDirectory;
    }

    DemoInvocation parse(List<String> arguments) {
        List<String> positional = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Path directory = defaultDirectory;
        DemoOptions options = DemoOptions.defaults();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("-h") || argument.equals("--help")) {
                return new DemoInvocation(DemoStep.HELP, null, directory, options);
            }
            if (!argument.startsWith("-")) {
                positional.add(argument);
                continue;
            }
            int equals = argument.indexOf('=');
            String option = equals < 0 ? argument : argument.substring(0, equals);
            if (!seen.add(option)) {
                throw new DemoUsageException(option + " is given twice");
            }
            switch (option) {
                case "--force" -> options = options.withForce(flag(option, equals));
                case "--keep-name" -> options = options.withKeepEdgeCaName(flag(option, equals));
                case "--dir", "--key", "--days", "--hostname", "--signer" -> {
                    String value;
                    if (equals >= 0) {
                        value = argument.substring(equals + 1);
                    } else if (i + 1 < arguments.size()) {
                        value = arguments.get(++i);
                    } else {
                        throw new DemoUsageException(option + " needs a value");
                    }
                    if (value.isEmpty()) {
                        throw new DemoUsageException(option + " needs a value");
                    }
                    if (option.equals("--dir")) {
                        directory = directory(value);
                    } else {
                        options = withValue(options, option, value);
                    }
                }
                default -> throw new DemoUsageException("unknown option " + option);
            }
        }
        return invocation(positional, seen, directory, options);
    }

    private static DemoInvocation invocation(List<String> positional, Set<String> options, Path directory,
            DemoOptions parsed) {
        if (positional.isEmpty()) {
            throw new DemoUsageException("missing step: root, intermediate, edge-ca, device, verification, all"
                    + " or help");
        }
        DemoStep step = DemoStep.named(positional.get(0));
        if (step == null) {
            throw new DemoUsageException("unknown step '" + positional.get(0) + "'");
        }
        int expected = step.takesName() ? 2 : 1;
        if (positional.size() < expected) {
            throw new DemoUsageException(step.commandName() + " needs a " + step.argumentRole());
        }
        if (positional.size() > expected) {
            throw new DemoUsageException("unexpected argument '" + positional.get(expected) + "' after "
                    + String.join(" ", positional.subList(0, expected)));
        }
        if (!step.createsEdgeCa() && step != DemoStep.HELP) {
            refuseIfGiven(options, "--keep-name", "edge-ca and all");
            refuseIfGiven(options, "--hostname", "edge-ca and all");
        }
        if (step != DemoStep.VERIFICATION && step != DemoStep.HELP) {
            refuseIfGiven(options, "--signer", "verification");
        }
        DemoName name = null;
        if (step.takesName()) {
            try {
                name = DemoName.parse(step.argumentRole(), positional.get(1));
            } catch (IllegalArgumentException e) {
                throw new DemoUsageException(e.getMessage(), e);
            }
        }
        return new DemoInvocation(step, name, directory, parsed);
    }

    private static void refuseIfGiven(Set<String> options, String option, String steps) {
        if (options.contains(option)) {
            throw new DemoUsageException(option + " applies only to " + steps);
        }
    }

    private static boolean flag(String option, int equals) {
        if (equals >= 0) {
            throw new DemoUsageException(option + " takes no value");
        }
        return true;
    }

    private Path directory(String value) {
        try {
            return defaultDirectory.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new DemoUsageException("--dir '" + value + "' is not a path: " + e.getReason(), e);
        }
    }

    private static DemoOptions withValue(DemoOptions options, String option, String value) {
        try {
            return switch (option) {
                case "--key" -> options.withKeyType(DemoKeyType.parse(value));
                case "--days" -> options.withValidityDays(days(value));
                case "--hostname" -> options.withHostname(value);
                case "--signer" -> options.withVerificationSigner(signer(value));
                default -> throw new IllegalStateException(option);
            };
        } catch (IllegalArgumentException e) {
            throw new DemoUsageException(option + ": " + e.getMessage(), e);
        }
    }

    private static int days(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number of days", e);
        }
    }

    private static DemoOptions.VerificationSigner signer(String value) {
        return switch (value) {
            case "root", "intermediate" -> DemoOptions.VerificationSigner.valueOf(value.toUpperCase(Locale.ROOT));
            default -> throw new IllegalArgumentException("unknown signer '" + value + "'; use root or intermediate");
        };
    }
}
