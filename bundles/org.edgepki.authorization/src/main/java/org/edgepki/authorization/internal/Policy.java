package org.edgepki.authorization.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.edgepki.api.access.Caller;
import org.edgepki.api.access.Operations;
import org.edgepki.common.osgi.Glob;
import org.edgepki.common.osgi.TrustedBundles;

/**
 * An authorization policy: edgepki's own grants, then the operator's grants and module mappings. Whatever
 * no grant covers is denied. Immutable; read from text that is checked whole, so a policy with one bad
 * entry is refused and the one in force stays.
 */
final class Policy {
    /** edgepki's own bundles are granted every operation on every id: they are trusted as key providers are. */
    static final List<Grant> BUILT_IN = List.of(
            new Grant(Glob.of(TrustedBundles.EDGEPKI), Glob.of("*"), Glob.of("*")));
    /** The operations a module's bundle is granted on its own module id. */
    static final List<String> MODULE_OPERATIONS = List.of(Operations.WORKLOAD_SERVER, Operations.WORKLOAD_IDENTITY);
    /** Only built-in grants. */
    static final Policy DEFAULT = new Policy(List.of());

    private static final Pattern BUNDLE_GLOB = Pattern.compile("[A-Za-z0-9_.*-]+");
    private static final Pattern MODULE_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern ID_GLOB = Pattern.compile("\\S+");

    private final List<Grant> operatorGrants;

    private Policy(List<Grant> operatorGrants) {
        this.operatorGrants = List.copyOf(operatorGrants);
    }

    /**
     * @param sources where the entries come from, each with its grants and module mappings
     * @return the policy
     * @throws IllegalArgumentException naming the source, the entry and the rule broken, for the first bad entry
     */
    static Policy parse(List<Source> sources) {
        List<Grant> grants = new ArrayList<>();
        for (Source source : sources) {
            for (int i = 0; i < source.grants().size(); i++) {
                grants.add(grant(source.name() + " grants[" + i + "]", source.grants().get(i)));
            }
            for (int i = 0; i < source.modules().size(); i++) {
                grants.addAll(module(source.name() + " modules[" + i + "]", source.modules().get(i)));
            }
        }
        return new Policy(grants);
    }

    /**
     * @param caller the calling bundle
     * @param operation the operation asked for
     * @param id the id it is asked on
     * @return whether a grant covers it
     */
    boolean permits(Caller caller, String operation, String id) {
        return BUILT_IN.stream().anyMatch(grant -> grant.covers(caller, operation, id))
                || operatorGrants.stream().anyMatch(grant -> grant.covers(caller, operation, id));
    }

    /** @return the operator's grants, module mappings included, as written */
    List<Grant> operatorGrants() {
        return operatorGrants;
    }

    private static Grant grant(String where, String entry) {
        String[] fields = fields(where, entry, 3, "<bundle> <operation> <id>");
        Glob operations = Glob.of(fields[1]);
        if (Operations.all().stream().noneMatch(operations::matches)) {
            throw new IllegalArgumentException(where + ": operation '" + fields[1] + "' matches no operation; known: "
                    + String.join(" ", Operations.all()));
        }
        if (!ID_GLOB.matcher(fields[2]).matches()) {
            throw new IllegalArgumentException(where + ": the id must be a name or a glob");
        }
        return new Grant(bundles(where, fields[0]), operations, Glob.of(fields[2]));
    }

    private static List<Grant> module(String where, String entry) {
        String[] fields = fields(where, entry, 2, "<bundle> <module id>");
        if (!MODULE_ID.matcher(fields[1]).matches()) {
            throw new IllegalArgumentException(where + ": module id '" + fields[1]
                    + "' must be letters, digits, '.', '_' or '-' (no glob: a bundle is one module)");
        }
        Glob bundles = bundles(where, fields[0]);
        return MODULE_OPERATIONS.stream().map(operation -> new Grant(bundles, Glob.of(operation), Glob.of(fields[1])))
                .toList();
    }

    private static String[] fields(String where, String entry, int count, String form) {
        String[] fields = entry == null ? new String[0] : entry.strip().split("\\s+");
        if (fields.length != count || fields[0].isEmpty()) {
            throw new IllegalArgumentException(where + ": expected '" + form + "' separated by spaces, found "
                    + (entry == null || entry.isBlank() ? "nothing" : fields.length + " field(s)"));
        }
        return fields;
    }

    private static Glob bundles(String where, String glob) {
        if (!BUNDLE_GLOB.matcher(glob).matches()) {
            throw new IllegalArgumentException(where + ": '" + glob
                    + "' is not a bundle symbolic name or glob (letters, digits, '.', '_', '-', '*')");
        }
        return Glob.of(glob);
    }

    /**
     * Where entries come from.
     *
     * @param name such as the PID or the framework property, to name in errors
     * @param grants grant entries
     * @param modules module mapping entries
     */
    record Source(String name, List<String> grants, List<String> modules) {
        Source {
            grants = grants.stream().filter(entry -> entry != null && !entry.isBlank()).toList();
            modules = modules.stream().filter(entry -> entry != null && !entry.isBlank()).toList();
        }
    }
}
