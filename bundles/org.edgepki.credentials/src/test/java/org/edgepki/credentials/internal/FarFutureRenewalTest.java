package org.edgepki.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.credential.CredentialStatus;
import org.edgepki.api.credential.RenewalTime;
import org.edgepki.api.issuer.CertificateProfile;
import org.edgepki.api.issuer.IssuerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Renewal of certificates living past 2038 and 2050 (issue 18, item 5): a quickstart Edge CA of 10000 days (2026 to
 * 2054, 27 years) is planned at its percentage threshold to the second, retried at a share of its lifetime, and
 * renewed into one as long; no arithmetic on such lifetimes, nor on the longest one RFC 5280 allows, overflows. A
 * manual Edge CA ending in 2060 may be used up to its last second.
 */
class FarFutureRenewalTest {
    private static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration QUICKSTART_LIFETIME = Duration.ofDays(10000);
    private static final Instant EXPIRES = ISSUED.plus(QUICKSTART_LIFETIME);
    /** RFC 5280 4.1.2.5: the notAfter of a certificate with no well-defined expiration date. */
    private static final Instant LATEST_NOT_AFTER = Instant.parse("9999-12-31T23:59:59Z");

    private final MovableClock clock = new MovableClock(ISSUED.plus(Duration.ofDays(1)));
    private final InMemoryCredentials store = new InMemoryCredentials();
    private final Renewals renewals = new Renewals(store, clock, (topic, properties) -> { });

    @AfterEach
    void close() {
        renewals.close();
    }

    @Test
    void a_27_year_edge_ca_renews_at_its_percentage_threshold_to_the_second() {
        assertEquals(Instant.parse("2054-04-18T10:00:00Z"), EXPIRES);
        assertEquals(ISSUED.plus(Duration.ofDays(8000)), RenewalSchedule.renewAt(ISSUED, EXPIRES, time("80%")));
        assertEquals(ISSUED.plus(Duration.ofDays(9900)), RenewalSchedule.renewAt(ISSUED, EXPIRES, time("99%")));
        assertEquals(ISSUED.plus(Duration.ofDays(100)), RenewalSchedule.renewAt(ISSUED, EXPIRES, time("1%")));
        assertEquals(Duration.ofDays(400), RenewalSchedule.retryPeriod(ISSUED, EXPIRES, time("4%")));
        assertEquals(EXPIRES.minus(Duration.ofDays(30)), RenewalSchedule.renewAt(ISSUED, EXPIRES, time("30day")));
    }

    @Test
    void percentages_of_the_longest_lifetime_are_exact_and_inside_it() {
        for (Instant notBefore : List.of(Instant.EPOCH, Instant.parse("1950-01-01T00:00:00Z"), ISSUED)) {
            BigInteger lifetime = BigInteger.valueOf(Duration.between(notBefore, LATEST_NOT_AFTER).getSeconds());
            for (int percent = 1; percent <= 99; percent++) {
                RenewalTime share = RenewalTime.percent(percent);
                Instant renewAt = RenewalSchedule.renewAt(notBefore, LATEST_NOT_AFTER, share);
                long expected = lifetime.multiply(BigInteger.valueOf(percent)).divide(BigInteger.valueOf(100))
                        .longValueExact();
                assertEquals(notBefore.plusSeconds(expected), renewAt, percent + "% from " + notBefore);
                assertTrue(renewAt.isAfter(notBefore) && renewAt.isBefore(LATEST_NOT_AFTER), renewAt.toString());
                assertEquals(expected, RenewalSchedule.retryPeriod(notBefore, LATEST_NOT_AFTER, share).getSeconds(),
                        percent + "% retry from " + notBefore);
            }
        }
    }

    @Test
    void the_longest_absolute_threshold_beyond_a_27_year_lifetime_falls_back_to_half_of_it() {
        RenewalTime longest = time("999999999day");

        assertTrue(RenewalSchedule.thresholdBeyondLifetime(ISSUED, EXPIRES, longest));
        assertEquals(ISSUED.plus(Duration.ofDays(5000)), RenewalSchedule.renewAt(ISSUED, EXPIRES, longest));
        assertEquals(Duration.ofDays(999999999), RenewalSchedule.retryPeriod(ISSUED, EXPIRES, longest));
        assertEquals(clock.instant().plus(Duration.between(clock.instant(), EXPIRES).dividedBy(3)),
                RenewalSchedule.retryAt(clock.instant(), Optional.of(EXPIRES), Duration.ofDays(999999999),
                        Optional.empty(), Duration.ofMinutes(5), 1, 0), "three attempts fit before 2054");
    }

    @Test
    void a_quickstart_edge_ca_of_10000_days_is_planned_in_2048_and_renewed_into_one_ending_in_2076() throws Exception {
        KeyPair key = InMemoryCredentials.newKey();
        X509Certificate current = InMemoryCredentials.selfSigned(key, "CN=aziot-edge CA gw", ISSUED, EXPIRES);
        store.keys.put(CredentialIds.EDGE_CA, key);
        store.certs.put(CredentialIds.EDGE_CA, List.of(current));
        store.clock = clock;
        renewals.track(quickstartEdgeCa());

        Instant renewAt = ISSUED.plus(Duration.ofDays(8000));
        Instant planned = awaitPlannedAfter(clock.instant());
        assertFalse(planned.isBefore(renewAt), planned + " is before " + renewAt);
        assertFalse(planned.isAfter(renewAt.plus(Duration.ofDays(400).multipliedBy(5).dividedBy(100))),
                planned + ": more than 5 % of the 400-day retry period after " + renewAt);
        assertEquals(2048, planned.atZone(ZoneOffset.UTC).getYear());
        assertEquals(current, store.certs.get(CredentialIds.EDGE_CA).get(0), "not renewed before its time");

        clock.set(planned);
        renewals.evaluate(CredentialIds.EDGE_CA);
        Instant next = awaitPlannedAfter(planned);
        X509Certificate renewed = store.certs.get(CredentialIds.EDGE_CA).get(0);
        assertNotEquals(current, renewed);
        assertEquals(planned.truncatedTo(ChronoUnit.SECONDS).plus(QUICKSTART_LIFETIME),
                renewed.getNotAfter().toInstant());
        assertEquals(2076, renewed.getNotAfter().toInstant().atZone(ZoneOffset.UTC).getYear());
        assertFalse(next.isBefore(renewed.getNotBefore().toInstant().plus(Duration.ofDays(8000))), next.toString());
    }

    @Test
    void a_10000_day_edge_ca_fits_its_settings_and_a_manual_one_until_2060_is_usable_to_its_last_second() {
        KeyPair key = InMemoryCredentials.newKey();
        X509Certificate quickstart = InMemoryCredentials.selfSigned(key, "CN=aziot-edge CA gw", ISSUED, EXPIRES);
        assertEquals(Optional.empty(), CredentialFit.replacementReason(quickstart, Optional.of(key.getPublic()),
                quickstartEdgeCa()));

        Instant end = Instant.parse("2060-01-01T00:00:00Z");
        X509Certificate manual = InMemoryCredentials.selfSigned(key, "CN=PKI Edge CA", ISSUED, end);
        ManagedCredential settings = new ManagedCredential(CredentialIds.EDGE_CA, "manual", List.of(),
                Duration.ofDays(1), Optional.empty(), false, false, time("80%"), time("4%"),
                Optional.of(CertificateProfile.CA), ManagedCredential.CA_KEY, IssuerEndpoint.NONE);
        assertEquals(List.of(), CredentialFit.manualProblems(List.of(manual), Optional.of(key.getPublic()), settings,
                end.minusSeconds(1)));
        assertEquals(List.of("it expired on 2060-01-01T00:00:00Z"), CredentialFit.manualProblems(List.of(manual),
                Optional.of(key.getPublic()), settings, end.plusSeconds(1)));
    }

    private ManagedCredential quickstartEdgeCa() {
        return new ManagedCredential(CredentialIds.EDGE_CA, "self_signed", List.of("CN=aziot-edge CA gw"),
                QUICKSTART_LIFETIME, Optional.empty(), true, true, time("80%"), time("4%"),
                Optional.of(CertificateProfile.CA), ManagedCredential.CA_KEY, IssuerEndpoint.NONE);
    }

    /** Waits for a planned attempt later than {@code after} (a look first plans at once, then later). */
    private Instant awaitPlannedAfter(Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> next = renewals.status(CredentialIds.EDGE_CA).flatMap(CredentialStatus::nextAttempt);
            if (next.isPresent() && next.get().isAfter(after)) {
                return next.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no attempt was planned after " + after);
    }

    private static RenewalTime time(String text) {
        return RenewalTime.parse(text).orElseThrow();
    }
}
