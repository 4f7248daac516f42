package dev.herald.store;

/**
 * Port to the payment provider, the only way {@link PaymentReaction} touches money.
 *
 * <p>Threading: called only from the payment stage's thread; implementations may block (the stage waits, the rest
 * of the store does not).
 */
public interface PaymentGateway
{
    /** {@link #capture} result: the money was taken. */
    int CAPTURED = 0;
    /** {@link #capture} result: the card was declined; retrying will not help. */
    int DECLINED = 1;
    /** {@link #capture} result: the provider could not be reached or failed. */
    int UNAVAILABLE = 2;

    /**
     * Capture an order total. Called at most once per order.
     *
     * @param orderId    idempotency key at the provider.
     * @param customerId whose card.
     * @param amount     minor units.
     * @param currency   ISO 4217 numeric code.
     * @return {@link #CAPTURED}, {@link #DECLINED} or {@link #UNAVAILABLE}.
     */
    int capture(long orderId, long customerId, long amount, short currency);

    /**
     * Refund a captured order in full. Called until it succeeds, once it has succeeded never again for that order.
     *
     * @param orderId  the order captured.
     * @param amount   minor units captured.
     * @param currency ISO 4217 numeric code.
     * @return true when refunded; false when the provider is unavailable (the reaction retries later).
     */
    boolean refund(long orderId, long amount, short currency);
}
