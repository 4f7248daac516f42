package dev.herald.engine;

/**
 * Announces facts derived from the message being handled. The correlation id is inherited from that message and
 * the causation id is set to its sequence. Emitting never blocks forever and never drops a fact: when the ring
 * is full the fact waits in the stage's overflow until there is room.
 *
 * <p>Threading: only valid on the handler's thread, during the callback that was handed it.
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

    /**
     * Announce a fact with explicit correlation and causation, for work done outside
     * {@link MessageHandler#onMessage} (a retry from {@link MessageHandler#onIdle(Emitter)}).
     *
     * @param messageType   of the new fact.
     * @param schemaVersion of its payload.
     * @param correlationId business key or trace id.
     * @param causationId   sequence of the fact that caused this one.
     * @param encoder       writes the payload; validated before anything is claimed.
     * @param source        the encoder's argument.
     * @param <T>           the source type.
     */
    <T> void emit(
        int messageType, short schemaVersion, long correlationId, long causationId, PayloadEncoder<T> encoder, T source);
}
