package org.edgepki.credentials.internal;

import org.edgepki.common.osgi.TrustedBundles;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the renewal scheduler (PID {@value RenewalScheduler#PID}). */
@ObjectClassDefinition(id = RenewalScheduler.PID, name = "edgepki renewal scheduler",
        description = "Renews every certificate edgepki issues; the policies themselves come from config.toml's auto_renew tables.")
@interface RenewalSchedulerConfig {

    @AttributeDefinition(name = "Expiry warning (days)", min = "1",
            description = "An EXPIRING event is sent this many days before a certificate's notAfter.")
    int expiring__days() default 7;

    @AttributeDefinition(name = "Issuer bundles", required = false,
            description = "Symbolic names (or globs with *) of the bundles whose certificate issuers are used; an issuer"
                    + " from any other bundle is ignored. edgepki's own: org.edgepki.*")
    String[] issuer__bundles() default {TrustedBundles.EDGEPKI};
}
