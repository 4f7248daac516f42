package dev.herald.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class ReceiptEmailReactionTest
{
    private static final long MS = 1_000_000L;

    private final InMemoryMailer mailer = new InMemoryMailer();
    private final ManualClock clock = new ManualClock();
    private final ReceiptEmailReaction email = new ReceiptEmailReaction(mailer, 16, 3, MS, 4 * MS, clock);
    private final TestBus bus = new TestBus().stage(email);

    @Test
    void shouldSendReceiptToTheContactOfACompletedOrder() throws Exception
    {
        final List<String> contacts = new ArrayList<>();
        final Mailer recording = (orderId, customerId, contact, offset, length, amount, currency) ->
        {
            contacts.add(contact.getStringWithoutLengthAscii(offset, length));
            return true;
        };
        final ReceiptEmailReaction reaction = new ReceiptEmailReaction(recording, 16, 3, MS, 4 * MS, clock);
        final TestBus local = new TestBus().stage(reaction);
        place(local, order(1, 42, 500, 1, 900));
        final long completed = announce(local, ORDER_COMPLETED, 1, 42, 900, StoreSchema.REASON_NONE, 0);
        local.drainRoundRobin();

        assertEquals(List.of("c42@example.com"), contacts);
        final Fact emailed = ofType(local, RECEIPT_EMAILED).get(0);
        assertEquals(completed, emailed.causationId());
        assertEquals(1, emailed.attempt());
        assertEquals(ReceiptEmailReaction.EMAILED, reaction.state(1));
    }

    @Test
    void shouldNotSendBeforeTheOrderCompletes() throws Exception
    {
        place(bus, order(2, 42, 500, 1, 900));
        announce(bus, PAYMENT_CAPTURED, 2, 42, 900, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();
        assertEquals(0, mailer.faults().calls());
    }

    @Test
    void shouldRetryFromIdleWithBackoffWithoutBlockingOtherOrders() throws Exception
    {
        final long[] callsForOrder3 = { 0 };
        final long[] sentForOrder4 = { 0 };
        final Mailer flaky = (orderId, customerId, contact, offset, length, amount, currency) ->
        {
            if (orderId == 3)
            {
                return ++callsForOrder3[0] > 2;
            }
            sentForOrder4[0]++;
            return true;
        };
        final ReceiptEmailReaction reaction = new ReceiptEmailReaction(flaky, 16, 3, MS, 4 * MS, clock);
        final TestBus local = new TestBus().stage(reaction);
        place(local, order(3, 42, 500, 1, 900));
        place(local, order(4, 43, 500, 1, 900));
        final long completed = announce(local, ORDER_COMPLETED, 3, 42, 900, StoreSchema.REASON_NONE, 0);
        local.drainRoundRobin();
        assertEquals(1, reaction.retriesPending());

        announce(local, ORDER_COMPLETED, 4, 43, 900, StoreSchema.REASON_NONE, 0);
        local.drainRoundRobin();
        assertEquals(1, sentForOrder4[0], "the next order is not held up");

        local.idle(0);
        assertEquals(1, callsForOrder3[0], "backoff not elapsed");
        clock.advanceMs(1);
        local.idle(0);
        assertEquals(2, callsForOrder3[0]);
        clock.advanceMs(1);
        local.idle(0);
        assertEquals(2, callsForOrder3[0], "second backoff is 2 ms");
        clock.advanceMs(1);
        local.idle(0);
        local.drainRoundRobin();

        assertEquals(3, callsForOrder3[0]);
        final Fact emailed = ofType(local, RECEIPT_EMAILED).stream().filter(f -> f.orderId() == 3).findFirst().get();
        assertEquals(3, emailed.attempt());
        assertEquals(completed, emailed.causationId());
        assertEquals(3, emailed.correlationId());
        assertEquals(ReceiptEmailReaction.EMAILED, reaction.state(3));
        assertEquals(0, reaction.retriesPending());
    }

    @Test
    void shouldAnnounceEmailFailedAfterTheLastAttempt() throws Exception
    {
        mailer.faults().down(true);
        place(bus, order(5, 42, 500, 1, 900));
        announce(bus, ORDER_COMPLETED, 5, 42, 900, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();
        for (int i = 0; i < 10; i++)
        {
            clock.advanceMs(10);
            bus.idle(0);
        }
        bus.drainRoundRobin();

        assertEquals(3, mailer.faults().calls());
        final List<Fact> failed = ofType(bus, EMAIL_FAILED);
        assertEquals(1, failed.size());
        assertEquals(3, failed.get(0).attempt());
        assertEquals(StoreSchema.REASON_MAILER_UNAVAILABLE, failed.get(0).reason());
        assertEquals(ReceiptEmailReaction.FAILED, email.state(5));
    }

    @Test
    void shouldSendOnceWhenEveryFactIsDeliveredTwice() throws Exception
    {
        final TestBus twice = new TestBus().deliveries(2).stage(email);
        place(twice, order(6, 42, 500, 1, 900));
        announce(twice, ORDER_COMPLETED, 6, 42, 900, StoreSchema.REASON_NONE, 0);
        announce(twice, ORDER_COMPLETED, 6, 42, 900, StoreSchema.REASON_NONE, 0);
        twice.drainRoundRobin();

        assertEquals(1, mailer.sent(6));
        assertEquals(1, ofType(twice, RECEIPT_EMAILED).size());
    }

    @Test
    void shouldResumeOwedReceiptsWhenGoingLiveAfterReplay() throws Exception
    {
        place(bus, order(7, 42, 500, 1, 900));
        announce(bus, ORDER_COMPLETED, 7, 42, 900, StoreSchema.REASON_NONE, 0);
        final InMemoryMailer later = new InMemoryMailer();
        final ReceiptEmailReaction restarted = new ReceiptEmailReaction(later, 16, 3, MS, 4 * MS, clock);
        bus.replayInto(restarted);
        assertEquals(0, later.faults().calls());

        final TestBus live = new TestBus().stage(restarted);
        live.idle(0);
        assertEquals(0, later.sent(7), "owed work waits for the live moment");
        live.resumeAll();
        assertEquals(1, later.sent(7));
    }

    @Test
    void shouldRefuseZeroAttempts()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new ReceiptEmailReaction(mailer, 1, 0, MS, MS, clock));
        assertTrue(ex.getMessage().contains("maxAttempts=0"));
    }
}
