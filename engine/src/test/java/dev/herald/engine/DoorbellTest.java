package dev.herald.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class DoorbellTest
{
    private static final long A_MINUTE_NS = TimeUnit.MINUTES.toNanos(1);

    private final Doorbell doorbell = new Doorbell(true);
    private volatile boolean work;
    private final ParkingIdleStrategy.Work threadWork = new ParkingIdleStrategy.Work()
    {
        @Override
        public boolean hasWork()
        {
            return work;
        }

        @Override
        public long parkCapNs()
        {
            return A_MINUTE_NS;
        }
    };
    private final ParkingIdleStrategy strategy =
        new ParkingIdleStrategy("blocking", doorbell, threadWork, 0, 0);

    @Test
    @Timeout(10)
    void shouldWakeASleepingThreadWhenSignalled() throws Exception
    {
        final CountDownLatch asleep = new CountDownLatch(1);
        final Thread sleeper = new Thread(() ->
        {
            strategy.thread = Thread.currentThread();
            asleep.countDown();
            // parks for a minute unless the doorbell wakes it: the test's timeout is far shorter
            doorbell.sleep(strategy, A_MINUTE_NS, threadWork);
        });
        sleeper.start();
        asleep.await();
        while (!strategy.sleeping)
        {
            Thread.onSpinWait();
        }
        work = true;
        doorbell.signal();
        sleeper.join();
        assertFalse(strategy.sleeping);
    }

    @Test
    @Timeout(10)
    void shouldNotParkWhenWorkArrivedBeforeTheLastCheck()
    {
        work = true;
        strategy.thread = Thread.currentThread();
        doorbell.sleep(strategy, A_MINUTE_NS, threadWork);
        assertFalse(strategy.sleeping);
    }

    @Test
    void shouldLetOnlyOneSignallerWakeASleeper()
    {
        strategy.sleeping = true;
        assertTrue(strategy.claimWake());
        assertFalse(strategy.claimWake(), "a second signaller must not pay for another unpark");
        assertFalse(strategy.sleeping);
    }

    @Test
    @Timeout(10)
    void shouldSpinThenParkOnceIdleForLong() throws Exception
    {
        final CountDownLatch parked = new CountDownLatch(1);
        final Thread idler = new Thread(() ->
        {
            for (int i = 0; i < ParkingIdleStrategy.BLOCKING_SPINS; i++)
            {
                strategy.idle(0);
                assertNull(strategy.thread, "still spinning after " + i + " idle calls");
            }
            parked.countDown();
            strategy.idle(0); // parks until signalled
        });
        idler.start();
        parked.await();
        while (!strategy.sleeping)
        {
            Thread.onSpinWait();
        }
        work = true;
        doorbell.signal();
        idler.join();
        assertSame(idler, strategy.thread);
    }
}
