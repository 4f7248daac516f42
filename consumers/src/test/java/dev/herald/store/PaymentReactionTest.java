package dev.herald.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class PaymentReactionTest
{
    private final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    private final ManualClock clock = new ManualClock();
    private final PaymentReaction payment = new PaymentReaction(gateway, 16, clock);
    private final TestBus bus = new TestBus().stage(payment);

    @Test
    void shouldCaptureAndAnnouncePaymentCapturedWithCausation() throws Exception
    {
        final long placed = place(bus, order(10, 1, 500, 2, 300));
        bus.drainRoundRobin();

        final List<Fact> captured = ofType(bus, PAYMENT_CAPTURED);
        assertEquals(1, captured.size());
        assertEquals(10, captured.get(0).correlationId());
        assertEquals(placed, captured.get(0).causationId());
        assertEquals(600, captured.get(0).amount());
        assertEquals(StoreSchema.EUR, captured.get(0).currency());
        assertEquals(PaymentReaction.CAPTURED, payment.state(10));
        assertEquals(1, gateway.captures(10));
    }

    @Test
    void shouldAnnouncePaymentFailedWhenDeclined() throws Exception
    {
        gateway.declineCustomer(66);
        place(bus, order(11, 66, 500, 1, 300));
        bus.drainRoundRobin();

        final List<Fact> failed = ofType(bus, PAYMENT_FAILED);
        assertEquals(1, failed.size());
        assertEquals(StoreSchema.REASON_PAYMENT_DECLINED, failed.get(0).reason());
        assertEquals(PaymentReaction.FAILED, payment.state(11));
        assertEquals(0, gateway.captures(11));
    }

    @Test
    void shouldAnnouncePaymentFailedWhenGatewayDown() throws Exception
    {
        gateway.faults().down(true);
        place(bus, order(12, 1, 500, 1, 300));
        bus.drainRoundRobin();

        assertEquals(StoreSchema.REASON_PAYMENT_UNAVAILABLE, ofType(bus, PAYMENT_FAILED).get(0).reason());
        assertEquals(1, gateway.faults().calls());
    }

    @Test
    void shouldCaptureOnceWhenOrderPlacedTwice() throws Exception
    {
        place(bus, order(13, 1, 500, 1, 300));
        place(bus, order(13, 1, 500, 1, 300));
        bus.drainRoundRobin();

        assertEquals(1, gateway.faults().calls());
        assertEquals(1, ofType(bus, PAYMENT_CAPTURED).size());
    }

    @Test
    void shouldRefundOnceWhenCapturedOrderIsCancelled() throws Exception
    {
        place(bus, order(14, 1, 500, 1, 300));
        bus.drainRoundRobin();
        final long cancel = announce(bus, ORDER_CANCELLED, 14, 1, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        announce(bus, ORDER_CANCELLED, 14, 1, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.drainRoundRobin();

        final List<Fact> refunded = ofType(bus, PAYMENT_REFUNDED);
        assertEquals(1, refunded.size());
        assertEquals(300, refunded.get(0).amount());
        assertEquals(cancel, refunded.get(0).causationId());
        assertEquals(PaymentReaction.REFUNDED, payment.state(14));
        assertEquals(1, gateway.refunds(14));
    }

    @Test
    void shouldRefundWhenCaptureComesBackAfterCancellation() throws Exception
    {
        final InMemoryPaymentGateway slowGateway = new InMemoryPaymentGateway();
        final PaymentReaction reaction = new PaymentReaction(slowGateway, 16, clock);
        final TestBus twoStep = new TestBus().stage(reaction);
        place(twoStep, order(15, 1, 500, 1, 300));
        twoStep.step(0);
        // the cancellation was journaled before the capture came back through the ring
        announce(twoStep, ORDER_CANCELLED, 15, 1, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        twoStep.drainRoundRobin();

        assertEquals(PaymentReaction.REFUNDED, reaction.state(15));
        assertEquals(1, slowGateway.refunds(15));
    }

    @Test
    void shouldRememberCancellationWhileCaptureOutcomeIsInFlight() throws Exception
    {
        place(bus, order(16, 1, 500, 1, 300));
        final long cancel = announce(bus, ORDER_CANCELLED, 16, 1, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.step(0); // OrderPlaced: captures; PaymentCaptured lands after the cancellation
        bus.step(0); // OrderCancelled: outcome not back yet
        assertEquals(PaymentReaction.CANCEL_PENDING, payment.state(16));
        assertEquals(0, gateway.refundCalls());
        bus.drainRoundRobin();

        assertEquals(PaymentReaction.REFUNDED, payment.state(16));
        assertEquals(1, gateway.refunds(16));
        assertTrue(ofType(bus, PAYMENT_CAPTURED).get(0).sequence() > cancel);
    }

    @Test
    void shouldRetryRefundWithBackoffUntilGatewayReturns() throws Exception
    {
        place(bus, order(17, 1, 500, 1, 300));
        bus.drainRoundRobin();
        gateway.faults().down(true);
        final long cancel = announce(bus, ORDER_CANCELLED, 17, 1, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.drainRoundRobin();
        assertEquals(1, payment.refundsPending());
        assertEquals(PaymentReaction.REFUND_DUE, payment.state(17));

        bus.idle(0);
        assertEquals(1, gateway.refundCalls(), "not due yet");
        clock.advanceMs(2);
        bus.idle(0);
        assertEquals(2, gateway.refundCalls());
        gateway.faults().down(false);
        clock.advanceMs(1000);
        bus.idle(0);
        bus.drainRoundRobin();

        assertEquals(0, payment.refundsPending());
        assertEquals(PaymentReaction.REFUNDED, payment.state(17));
        final Fact refunded = ofType(bus, PAYMENT_REFUNDED).get(0);
        assertEquals(cancel, refunded.causationId());
        assertEquals(17, refunded.correlationId());
        assertEquals(3, refunded.attempt());
    }

    @Test
    void shouldRebuildStateInReplayWithoutCallingTheGateway() throws Exception
    {
        place(bus, order(18, 1, 500, 1, 300));
        place(bus, order(19, 1, 501, 1, 200));
        bus.drainRoundRobin();
        announce(bus, ORDER_CANCELLED, 19, 1, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.drainRoundRobin();

        final InMemoryPaymentGateway replayGateway = new InMemoryPaymentGateway();
        final PaymentReaction fresh = new PaymentReaction(replayGateway, 16, clock);
        bus.replayInto(fresh);

        assertEquals(payment.digest(), fresh.digest());
        assertEquals(0, replayGateway.faults().calls());
        assertEquals(0, replayGateway.refundCalls());
        assertEquals(PaymentReaction.REFUNDED, fresh.state(19));
    }
}
