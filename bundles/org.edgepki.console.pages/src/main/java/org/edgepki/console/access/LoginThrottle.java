package org.edgepki.console.access;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Makes password guessing slow: failed logins are counted per client address and for all
 * addresses together. After {@value #FREE_PER_ADDRESS} failures from one address (or
 * {@value #FREE_OVERALL} from all of them) each further failure locks logins out for twice as long
 * as the last, from 1 s up to 15 minutes; a success resets its address. While locked out every
 * login from the address is refused before its password is looked at (not even a login verified
 * before is let through: that would tell a guess right at full speed); a lockout of every address
 * spares the addresses that logged in before. A count is forgotten after 15 quiet minutes. Each
 * failure and each lockout is logged (user and address, never the password). Thread-safe.
 */
public final class LoginThrottle {
    static final int FREE_PER_ADDRESS = 5;
    static final int FREE_OVERALL = 50;
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Addresses remembered at most; the least recently failed are forgotten first. */
    static final int REMEMBERED_ADDRESSES = 4096;
    static final int TRUSTED_ADDRESSES = 64;
    private static final Logger LOG = System.getLogger(LoginThrottle.class.getName());

    private final LongSupplier clock;
    private final Failures overall = new Failures();
    private final Map<String, Failures> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > REMEMBERED_ADDRESSES;
        }
    };

    /** Addresses that logged in successfully: a lockout of every address spares them (the operator). */
    private final Map<String, Boolean> trusted = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > TRUSTED_ADDRESSES;
        }
    };

    /** @param clock milliseconds now ({@code System::currentTimeMillis}) */
    public LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * @param address the client's address
     * @return the seconds until a login from it is tried again, or empty when it may try now; an
     *     address that logged in successfully before is locked out by its own failures only
     */
    public synchronized OptionalLong lockedOut(String address) {
        long now = clock.getAsLong();
        long until = Math.max(trusted.containsKey(address) ? 0 : overall.lockedUntil,
                byAddress.getOrDefault(address, Failures.NONE).lockedUntil);
        return until > now ? OptionalLong.of((until - now + 999) / 1000) : OptionalLong.empty();
    }

    /**
     * Counts a wrong user name or password, and logs it.
     *
     * @param address the client's address
     * @param user the user name sent, as the client sent it
     */
    public synchronized void failed(String address, String user) {
        long now = clock.getAsLong();
        Failures failures = byAddress.computeIfAbsent(address, any -> new Failures());
        failures.count(now, FREE_PER_ADDRESS);
        overall.count(now, FREE_OVERALL);
        LOG.log(Level.WARNING, "Web Console login failed for user ''{0}'' from {1} ({2} failure(s) in a row)",
                printable(user), address, failures.count);
        if (failures.lockedUntil > now) {
            LOG.log(Level.WARNING, "Web Console logins from {0} are refused for {1} s after {2} failures", address,
                    (failures.lockedUntil - now + 999) / 1000, failures.count);
        }
        if (overall.lockedUntil > now) {
            LOG.log(Level.WARNING, "Web Console logins from every address are refused for {0} s after {1} failures"
                    + " within {2} minutes", (overall.lockedUntil - now + 999) / 1000, overall.count,
                    FORGET_AFTER.toMinutes());
        }
    }

    /** @param address a client that logged in: its failures are forgotten, and it is trusted */
    public synchronized void succeeded(String address) {
        byAddress.remove(address);
        trusted.put(address, Boolean.TRUE);
    }

    /** A user name as it may be logged: printable, at most 64 characters. */
    static String printable(String user) {
        StringBuilder shown = new StringBuilder();
        user.codePoints().limit(64).forEach(c -> shown.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return user.codePointCount(0, user.length()) > 64 ? shown + "…" : shown.toString();
    }

    /** Failures in a row from one address (or all), and the lockout they earned. */
    private static final class Failures {
        static final Failures NONE = new Failures();
        int count;
        long last;
        long lockedUntil;

        void count(long now, int free) {
            if (now - last > FORGET_AFTER.toMillis()) {
                count = 0;
            }
            last = now;
            count++;
            if (count > free) {
                int doublings = Math.min(count - free - 1, 20);
                lockedUntil = now + Math.min(1000L << doublings, MAX_LOCKOUT.toMillis());
            }
        }
    }
}
