package org.edgepki.pkcs11.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.common.files.FilePermissionFindings;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Check: the PIN file ({@code pin-source}) of the base slot, where new keys are generated, is 0600 in
 * a 0700 directory, and no PIN is held in Config Admin in clear. Local: it reads permissions only,
 * and never logs in (see {@link TokenCheck}).
 */
@Component(service = Check.class, configurationPid = Pkcs11KeyProvider.PID,
        property = Check.ID + "=" + FilePermissionFindings.CHECK)
public final class PinFileCheck implements Check {
    private volatile Optional<Path> pinFile = Optional.empty();
    private volatile boolean pinInClear;
    private volatile String shown = "";

    @Activate
    @Modified
    void configure(Pkcs11Config config) {
        String slot = config.base__slot() == null ? "" : config.base__slot().trim();
        try {
            Optional<Pkcs11Uri> uri = slot.isEmpty() ? Optional.empty() : Optional.of(Pkcs11Uri.parse(slot));
            pinFile = uri.flatMap(Pkcs11Uri::pinSourceFile);
            pinInClear = uri.flatMap(parsed -> parsed.queryAttribute("pin-value")).isPresent();
            shown = Pkcs11Uri.redact(slot);
        } catch (IllegalArgumentException e) {
            pinFile = Optional.empty(); // the token check reports a malformed base slot
        }
    }

    @Override
    public List<Finding> run() {
        if (pinInClear) {
            return List.of(Finding.warning(FilePermissionFindings.CHECK, shown, "the base slot's PIN is held in Config"
                    + " Admin in clear (pin-value), where its files, the Web Console and status dumps show it",
                    "give it as pin-source=<a 0600 file> (config.toml's pkcs11_base_slot does this itself)"));
        }
        return pinFile.map(file -> FilePermissionFindings.secretFile(shown, file, "PIN file", "the token's PIN"))
                .orElse(List.of());
    }
}
