package org.edgepki.tools.demo;

import java.nio.file.Path;

/**
 * One file a demo step wrote.
 *
 * @param path where it is
 * @param description what it holds: for certificates the subject and notAfter
 */
record WrittenFile(Path path, String description) {
}
