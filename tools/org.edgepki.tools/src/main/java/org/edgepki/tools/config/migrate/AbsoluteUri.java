package org.edgepki.tools.config.migrate;

import java.net.URI;
import java.net.URISyntaxException;

/** The rule for endpoint settings (sockets, DPS, docker): an absolute URI, with a scheme. */
final class AbsoluteUri {
    private AbsoluteUri() {
    }

    /**
     * @param example a valid value, quoted in the error message
     * @return the parsed URI of the required {@code field}
     */
    static URI of(YamlField field, String example) throws LegacyConfigException {
        URI uri;
        try {
            uri = new URI(field.string());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute()) {
            throw field.error("must be an absolute URI such as " + example);
        }
        return uri;
    }
}
