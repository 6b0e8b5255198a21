package org.edgepki.authorization.internal;

import org.edgepki.api.access.Caller;
import org.edgepki.common.osgi.Glob;

/**
 * One rule of a policy: bundles (by symbolic name) may do operations on ids, each an exact name or a glob.
 *
 * @param bundles the bundles it grants to
 * @param operations the operations it grants
 * @param ids the ids it grants them on
 */
record Grant(Glob bundles, Glob operations, Glob ids) {

    /**
     * @param caller the calling bundle
     * @param operation the operation asked for
     * @param id the id it is asked on
     * @return whether this grant covers it
     */
    boolean covers(Caller caller, String operation, String id) {
        return bundles.matches(caller.symbolicName()) && operations.matches(operation) && ids.matches(id);
    }

    /** @return as written in a policy: bundle operation id */
    @Override
    public String toString() {
        return bundles + " " + operations + " " + ids;
    }
}
