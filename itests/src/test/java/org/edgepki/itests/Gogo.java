package org.edgepki.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs Gogo commands as the shell would, in a session of their own. */
final class Gogo {
    private Gogo() {
    }

    /** @return what the command printed, followed by what it returned */
    static String run(CommandProcessor processor, String command) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.execute(command);
            return printed.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
        } finally {
            session.close();
        }
    }
}
