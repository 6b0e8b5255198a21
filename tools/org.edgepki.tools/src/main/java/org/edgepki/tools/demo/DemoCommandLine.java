package org.edgepki.tools.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/edgepki demo ...} outside the OSGi framework: runs {@link DemoCommand} in the
 * current directory and exits 0 on success, 1 if the step failed, 2 on a usage error; messages
 * go to standard error prefixed {@code edgepki demo: }.
 */
public final class DemoCommandLine {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final String PREFIX = "edgepki demo: ";

    private DemoCommandLine() {
    }

    /** @param args the arguments after {@code demo} */
    public static void main(String[] args) {
        System.exit(run(new DemoCommand(Path.of("")), List.of(args), System.out, System.err));
    }

    static int run(DemoCommand command, List<String> args, PrintStream out, PrintStream err) {
        try {
            out.print(command.run(args));
            out.flush();
            return OK;
        } catch (DemoUsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(PREFIX + "'edgepki demo help' shows the usage");
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println(PREFIX + e.getMessage());
            return FAILED;
        }
    }
}
