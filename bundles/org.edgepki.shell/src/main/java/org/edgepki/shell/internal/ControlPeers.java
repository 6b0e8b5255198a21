package org.edgepki.shell.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the control socket: a peer whose uid, as the kernel reports it ({@code SO_PEERCRED}),
 * is the owner of the socket's directory (the runtime's user) or root. The directory's 0700 already
 * keeps others out; this holds even when its mode is loosened by mistake. Each refused user is
 * logged once.
 */
final class ControlPeers {
    private static final Logger LOG = System.getLogger(ControlPeers.class.getName());
    /** Bounds the memory of users already logged. */
    private static final int MAX_LOGGED = 64;

    private final UserPrincipal owner;
    private final UserPrincipal root;
    private final Set<UserPrincipal> logged = ConcurrentHashMap.newKeySet();

    ControlPeers(UserPrincipal owner, UserPrincipal root) {
        this.owner = owner;
        this.root = root;
    }

    /** @return the peers of the socket in this directory: its owner and root */
    static ControlPeers ownerOf(Path directory) throws IOException {
        UserPrincipal root;
        try {
            root = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root");
        } catch (IOException e) {
            root = null; // no root user known here: only the owner
        }
        return new ControlPeers(Files.getOwner(directory), root);
    }

    /** @return why this client is refused, or null when it may ask */
    String refusal(SocketChannel client) {
        UnixDomainPrincipal peer;
        try {
            peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            return "refused: the peer's user cannot be told (" + e.getClass().getSimpleName() + ")";
        }
        return refusal(peer.user());
    }

    String refusal(UserPrincipal user) {
        if (user.equals(owner) || user.equals(root)) {
            return null;
        }
        if (logged.size() < MAX_LOGGED && logged.add(user)) {
            LOG.log(Level.WARNING, "The control socket refused user {0}: only {1} (the runtime''s user) and root may"
                    + " use it", user.getName(), owner.getName());
        }
        return "refused: user " + user.getName() + " may not use this runtime's control socket; run the command as "
                + (owner.equals(root) ? "root" : owner.getName() + " or root");
    }
}
