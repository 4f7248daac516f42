package dev.herald.engine;

import java.util.Arrays;

/**
 * The message types a {@link MessageHandler} is handed ({@link MessageHandler#messageTypes()}): a fact of any other
 * type passes the handler by, live, in replay and in a catch-up alike, as if the handler had returned at once.
 * A stage of a store sees every fact but handles a few types; declaring them spares it a call, a type check and
 * whatever it does between messages for each of the others (in the store, about half the facts a stage sees).
 *
 * <p>Types 0 to 63 are one bit each of a mask, so the check on the hot path is a shift and a test; other types
 * (the engine's own negative ones, such as {@code RecordDescriptor.TYPE_HANDLER_FAILED}, or large application
 * types) are looked up in a short sorted array.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class MessageTypes
{
    /** Every type, the engine's own included: the default of {@link MessageHandler#messageTypes()}. */
    public static final MessageTypes ALL = new MessageTypes(true, -1L, new int[0]);

    private static final int MASK_BITS = Long.SIZE;

    private final boolean all;
    private final long mask;
    private final int[] others;

    private MessageTypes(final boolean all, final long mask, final int[] others)
    {
        this.all = all;
        this.mask = mask;
        this.others = others;
    }

    /**
     * @param messageTypes the types handed to the handler; repeats are allowed; none means no fact at all.
     * @return the set of them.
     */
    public static MessageTypes of(final int... messageTypes)
    {
        long mask = 0;
        final int[] others = new int[messageTypes.length];
        int otherCount = 0;
        for (final int type : messageTypes)
        {
            if (type >= 0 && type < MASK_BITS)
            {
                mask |= 1L << type;
            }
            else
            {
                others[otherCount++] = type;
            }
        }
        final int[] sorted = Arrays.copyOf(others, otherCount);
        Arrays.sort(sorted);
        return new MessageTypes(false, mask, sorted);
    }

    /**
     * @param messageType of a fact.
     * @return true when a fact of this type is handed to the handler.
     */
    public boolean contains(final int messageType)
    {
        if (messageType >= 0 && messageType < MASK_BITS)
        {
            return (mask & (1L << messageType)) != 0;
        }
        return all || Arrays.binarySearch(others, messageType) >= 0;
    }

    /** @return true for {@link #ALL}: every fact is handed to the handler. */
    public boolean isAll()
    {
        return all;
    }

    @Override
    public String toString()
    {
        if (all)
        {
            return "MessageTypes{all}";
        }
        final StringBuilder builder = new StringBuilder("MessageTypes{");
        String separator = "";
        for (int type = 0; type < MASK_BITS; type++)
        {
            if ((mask & (1L << type)) != 0)
            {
                builder.append(separator).append(type);
                separator = ", ";
            }
        }
        for (final int type : others)
        {
            builder.append(separator).append(type);
            separator = ", ";
        }
        return builder.append('}').toString();
    }
}
