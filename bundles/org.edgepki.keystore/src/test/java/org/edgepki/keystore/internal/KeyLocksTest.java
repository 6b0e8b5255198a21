package org.edgepki.keystore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class KeyLocksTest {
    private final KeyLocks locks = new KeyLocks();

    @Test
    void a_lock_exists_only_while_it_is_held() {
        try (KeyLocks.Held held = locks.lock("a", "b", "a")) {
            assertEquals(2, locks.size());
        }
        assertEquals(0, locks.size());
    }

    @Test
    void one_id_is_serialised_while_another_id_goes_on() throws Exception {
        CountDownLatch otherDone = new CountDownLatch(1);
        AtomicBoolean sameEntered = new AtomicBoolean();
        try (KeyLocks.Held held = locks.lock("a")) {
            Thread same = new Thread(() -> {
                try (KeyLocks.Held inner = locks.lock("a")) {
                    sameEntered.set(true);
                }
            });
            Thread other = new Thread(() -> {
                try (KeyLocks.Held inner = locks.lock("b")) {
                    otherDone.countDown();
                }
            });
            same.start();
            other.start();

            assertTrue(otherDone.await(5, TimeUnit.SECONDS), "another id is not blocked");
            Thread.sleep(50);
            assertFalse(sameEntered.get(), "the same id waits");
        }
        assertEquals(0, waitForZero());
    }

    @Test
    void two_ids_locked_in_opposite_order_do_not_deadlock() throws Exception {
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            boolean forward = i % 2 == 0;
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 1000; n++) {
                    try (KeyLocks.Held held = forward ? locks.lock("x", "y") : locks.lock("y", "x")) {
                        Thread.onSpinWait();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
            assertFalse(thread.isAlive(), "deadlock");
        }
        assertEquals(0, locks.size());
    }

    private int waitForZero() throws InterruptedException {
        for (int i = 0; i < 100 && locks.size() != 0; i++) {
            Thread.sleep(10);
        }
        return locks.size();
    }
}
