package dev.herald.bench;

import dev.herald.store.Mailer;
import dev.herald.store.OrderGenerator;
import dev.herald.store.PaymentGateway;
import dev.herald.store.Store;
import dev.herald.store.WarehouseClient;
import org.agrona.DirectBuffer;

/**
 * Ports that accept every call and remember nothing (cards the generator declines are declined), for runs long
 * enough that the store's in-memory ports, which remember every order to honour idempotency keys, would measure
 * themselves: what is left is the reactions' own state.
 */
final class ForgetfulPorts implements PaymentGateway, Mailer, WarehouseClient
{
    private final OrderGenerator generator;

    ForgetfulPorts(final OrderGenerator generator)
    {
        this.generator = generator;
    }

    /** @return the context with these ports set. */
    Store.Context into(final Store.Context context)
    {
        return context.paymentGateway(this).mailer(this).warehouseClient(this);
    }

    @Override
    public int capture(final long orderId, final long customerId, final long amount, final short currency)
    {
        return generator.isDeclinedCard(customerId) ? DECLINED : CAPTURED;
    }

    @Override
    public boolean refund(final long orderId, final long amount, final short currency)
    {
        return true;
    }

    @Override
    public boolean send(
        final long orderId,
        final long customerId,
        final DirectBuffer contact,
        final int contactOffset,
        final int contactLength,
        final long amount,
        final short currency)
    {
        return true;
    }

    @Override
    public boolean requestShipment(final long orderId, final long customerId)
    {
        return true;
    }
}
