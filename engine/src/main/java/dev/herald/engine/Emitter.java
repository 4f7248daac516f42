package dev.herald.engine;

/**
 * Announces facts derived from the message being handled. The correlation id is inherited from that message and
 * the causation id is set to its sequence. Emitting never blocks forever and never drops a fact: when the ring
 * is full the fact waits in the stage's overflow until there is room.
 *
 * <p>Threading: only valid on the handler's thread, during {@link MessageHandler#onMessage}.
 */
public interface Emitter
{
    /** @return true during a replay, where {@link #emit} does nothing. */
    boolean isReplay();

    /**
     * Announce a derived fact, encoding its payload with a non-capturing encoder.
     *
     * @param messageType   of the new fact.
     * @param schemaVersion of its payload.
     * @param encoder       writes the payload; validated before anything is claimed.
     * @param source        the encoder's argument.
     * @param <T>           the source type.
     */
    <T> void emit(int messageType, short schemaVersion, PayloadEncoder<T> encoder, T source);
}
