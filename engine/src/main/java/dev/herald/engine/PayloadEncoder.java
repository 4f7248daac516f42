package dev.herald.engine;

import org.agrona.MutableDirectBuffer;

/**
 * Writes a message payload straight into a ring slot from a source object. Implementations are stateless
 * singletons (non-capturing), so publishing allocates nothing.
 *
 * <p>Threading: called on the publishing thread.
 *
 * @param <T> the source the payload is encoded from.
 */
public interface PayloadEncoder<T>
{
    /**
     * Reject a bad source before a slot is claimed, so nothing bad enters the ring.
     *
     * @param source to check.
     * @throws IllegalArgumentException naming the field that is wrong and its value.
     */
    default void validate(final T source)
    {
    }

    /**
     * Encode the payload.
     *
     * @param source    to encode; already validated.
     * @param buffer    the slot buffer.
     * @param offset    where the payload starts.
     * @param maxLength room available for the payload.
     * @return the payload length written, at most {@code maxLength}.
     */
    int encode(T source, MutableDirectBuffer buffer, int offset, int maxLength);
}
