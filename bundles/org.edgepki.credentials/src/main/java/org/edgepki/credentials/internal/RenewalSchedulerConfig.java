package org.edgepki.credentials.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the renewal scheduler (PID {@value RenewalScheduler#PID}). */
@ObjectClassDefinition(id = RenewalScheduler.PID, name = "edgepki renewal scheduler",
        description = "Renews every certificate edgepki issues; the policies themselves come from config.toml's auto_renew tables.")
@interface RenewalSchedulerConfig {

    @AttributeDefinition(name = "Expiry warning (days)", min = "1",
            description = "An EXPIRING event is sent this many days before a certificate's notAfter.")
    int expiring__days() default 7;
}
