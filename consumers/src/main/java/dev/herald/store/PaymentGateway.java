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
     * Capture an order total. The order id and the kind of call (a capture) are the idempotency key: the store
     * calls again with the same order id after a crash that fell between the call and its outcome reaching the
     * journal, and the provider must then answer as it did the first time without charging again.
     *
     * @param orderId    the order; with the kind of call, the idempotency key at the provider.
     * @param customerId whose card.
     * @param amount     minor units.
     * @param currency   ISO 4217 numeric code.
     * @return {@link #CAPTURED}, {@link #DECLINED} or {@link #UNAVAILABLE}.
     */
    int capture(long orderId, long customerId, long amount, short currency);

    /**
     * Refund a captured order in full. Called until it succeeds; the order id and the kind of call (a refund) are the
     * idempotency key, so a call repeated after a crash must succeed without refunding twice.
     *
     * @param orderId  the order captured.
     * @param amount   minor units captured.
     * @param currency ISO 4217 numeric code.
     * @return true when refunded; false when the provider is unavailable (the reaction retries later).
     */
    boolean refund(long orderId, long amount, short currency);
}
