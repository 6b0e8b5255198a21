package org.edgepki.tools.demo;

import java.nio.file.Path;

/**
 * One parsed {@code edgepki demo} command line.
 *
 * @param step what to create
 * @param name the step's name argument, or {@code null} for steps without one
 * @param directory the working directory, absolute
 * @param options how to create it
 */
record DemoInvocation(DemoStep step, DemoName name, Path directory, DemoOptions options) {
}
