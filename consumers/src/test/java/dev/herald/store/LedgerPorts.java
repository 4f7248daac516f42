package dev.herald.store;

import org.agrona.DirectBuffer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports that remember their effects in a file that survives a kill, as a real provider does: every effect is one
 * line {@code KIND ORDER AMOUNT}, written with one write(2) before the call returns; a call whose idempotency key
 * (kind and order id) is already in the file has no second effect and is logged as {@code repeat KIND ORDER}.
 * Declines the cards the generator declines.
 */
final class LedgerPorts implements PaymentGateway, Mailer, WarehouseClient, AutoCloseable
{
    static final String CAPTURE = "capture";
    static final String REFUND = "refund";
    static final String MAIL = "mail";
    static final String SHIP = "ship";

    private final OrderGenerator generator;
    private final Set<String> keys = new HashSet<>();
    private final FileOutputStream out;

    LedgerPorts(final Path file, final OrderGenerator generator) throws IOException
    {
        this.generator = generator;
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
            {
                final String[] fields = line.split(" ");
                if (!fields[0].equals("repeat"))
                {
                    keys.add(fields[0] + " " + fields[1]);
                }
            }
        }
        out = new FileOutputStream(file.toFile(), true);
    }

    static List<String[]> read(final Path file) throws IOException
    {
        return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map((line) -> line.split(" ")).toList();
    }

    private boolean effect(final String kind, final long orderId, final long amount)
    {
        final String key = kind + " " + orderId;
        final String line = keys.add(key) ? key + " " + amount + "\n" : "repeat " + key + "\n";
        try
        {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return true;
    }

    @Override
    public synchronized int capture(final long orderId, final long customerId, final long amount, final short currency)
    {
        if (generator.isDeclinedCard(customerId))
        {
            return DECLINED;
        }
        effect(CAPTURE, orderId, amount);
        return CAPTURED;
    }

    @Override
    public synchronized boolean refund(final long orderId, final long amount, final short currency)
    {
        return effect(REFUND, orderId, amount);
    }

    @Override
    public synchronized boolean send(
        final long orderId,
        final long customerId,
        final DirectBuffer contact,
        final int contactOffset,
        final int contactLength,
        final long amount,
        final short currency)
    {
        return effect(MAIL, orderId, amount);
    }

    @Override
    public synchronized boolean requestShipment(final long orderId, final long customerId)
    {
        return effect(SHIP, orderId, 0);
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
