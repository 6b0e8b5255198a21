package org.edgepki.tools.demo;

/** The steps of {@code edgepki demo}, by their command-line name and the name argument each takes. */
enum DemoStep {
    ROOT("root", null),
    INTERMEDIATE("intermediate", null),
    EDGE_CA("edge-ca", "name"),
    DEVICE("device", "device id"),
    VERIFICATION("verification", "verification code"),
    ALL("all", "device name"),
    HELP("help", null);

    private final String commandName;
    private final String argumentRole;

    DemoStep(String commandName, String argumentRole) {
        this.commandName = commandName;
        this.argumentRole = argumentRole;
    }

    /** @return the step, or {@code null} if no step has this name */
    static DemoStep named(String commandName) {
        for (DemoStep step : values()) {
            if (step.commandName.equals(commandName)) {
                return step;
            }
        }
        return null;
    }

    String commandName() {
        return commandName;
    }

    boolean takesName() {
        return argumentRole != null;
    }

    /** @return what the name argument is, for messages; {@code null} if none */
    String argumentRole() {
        return argumentRole;
    }

    boolean createsEdgeCa() {
        return this == EDGE_CA || this == ALL;
    }
}
