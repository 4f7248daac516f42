package dev.herald.store;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.NanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers to build orders and read facts back in tests. */
final class TestFacts
{
    private TestFacts()
    {
    }

    /** A decoded follow-up fact (or OrderPlaced, with only the header fields and ids). */
    record Fact(long sequence, int type, long correlationId, long causationId, long orderId, long customerId,
        long amount, short currency, long sku, int quantity, short reason, int attempt)
    {
        String name()
        {
            return StoreMessageTypes.name(type);
        }
    }

    static final class ManualClock implements NanoClock
    {
        long nanos = 1_000_000_000L;

        @Override
        public long nanoTime()
        {
            return nanos;
        }

        void advanceMs(final long ms)
        {
            nanos += ms * 1_000_000L;
        }
    }

    static OrderRequest order(final long orderId, final long customerId, final long... skuQuantityPrice)
    {
        final OrderRequest request = new OrderRequest().reset()
            .orderId(orderId).customerId(customerId).currency("EUR").contact("c" + customerId + "@example.com");
        for (int i = 0; i < skuQuantityPrice.length; i += 3)
        {
            request.addItem(skuQuantityPrice[i], (int)skuQuantityPrice[i + 1], skuQuantityPrice[i + 2]);
        }
        return request.computeTotal();
    }

    static long place(final TestBus bus, final OrderRequest request)
    {
        return bus.publish(StoreMessageTypes.ORDER_PLACED, request.orderId(), OrderPlacedEncoder.INSTANCE, request);
    }

    /** Append a follow-up fact as if another stage had announced it. */
    static long announce(final TestBus bus, final int type, final long orderId, final long customerId,
        final long amount, final short reason, final long causation)
    {
        final OrderEvent event = new OrderEvent().reset(orderId, customerId).amount(amount, StoreSchema.EUR)
            .reason(reason);
        return bus.append(type, orderId, causation, OrderEventCodec.ENCODER, event);
    }

    static List<Fact> facts(final TestBus bus)
    {
        final List<Fact> facts = new ArrayList<>();
        for (long s = 0; s < bus.size(); s++)
        {
            facts.add(fact(bus.frame(s)));
        }
        return facts;
    }

    static List<Fact> facts(final Path journalDirectory)
    {
        final List<Fact> facts = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(journalDirectory))
        {
            reader.replay(0, Long.MAX_VALUE, view ->
            {
                facts.add(fact(view));
                return true;
            });
        }
        return facts;
    }

    static Fact fact(final RecordView view)
    {
        final long s = view.sequence();
        if (view.messageType() == StoreMessageTypes.ORDER_PLACED)
        {
            final OrderPlacedDecoder placed = new OrderPlacedDecoder().wrap(view);
            return new Fact(s, view.messageType(), view.correlationId(), view.causationId(), placed.orderId(),
                placed.customerId(), placed.total(), placed.currency(), 0, 0, (short)0, 0);
        }
        if (!StoreMessageTypes.isStoreType(view.messageType()))
        {
            return new Fact(s, view.messageType(), view.correlationId(), view.causationId(), view.correlationId(), 0,
                0, (short)0, 0, 0, (short)0, 0);
        }
        final OrderEventCodec codec = new OrderEventCodec().wrap(view);
        return new Fact(s, view.messageType(), view.correlationId(), view.causationId(), codec.orderId(),
            codec.customerId(), codec.amount(), codec.currency(), codec.sku(), codec.quantity(), codec.reason(),
            codec.attempt());
    }

    static List<Fact> ofType(final List<Fact> facts, final int type)
    {
        final List<Fact> result = new ArrayList<>();
        for (final Fact fact : facts)
        {
            if (fact.type() == type)
            {
                result.add(fact);
            }
        }
        return result;
    }

    static List<Fact> ofType(final TestBus bus, final int type)
    {
        final List<Fact> result = new ArrayList<>();
        for (final Fact fact : facts(bus))
        {
            if (fact.type() == type)
            {
                result.add(fact);
            }
        }
        return result;
    }

    static List<String> names(final TestBus bus)
    {
        final List<String> names = new ArrayList<>();
        for (final Fact fact : facts(bus))
        {
            names.add(fact.name());
        }
        return names;
    }
}
