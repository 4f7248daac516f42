package dev.herald.store;

import org.agrona.DirectBuffer;

/**
 * Port to the mail service, used by {@link ReceiptEmailReaction}.
 *
 * <p>Threading: called only from the email stage's thread; a call may block the email stage, no other stage.
 */
public interface Mailer
{
    /**
     * Send a receipt. The order id is the idempotency key of a receipt: a send repeated after a crash (between the
     * send and its fact reaching the journal) must return true without mailing again.
     *
     * @param orderId       the order; the idempotency key.
     * @param customerId    its customer.
     * @param contact       buffer holding the US-ASCII address; valid only during the call.
     * @param contactOffset offset of the address.
     * @param contactLength length of the address in bytes.
     * @param amount        the total in minor units.
     * @param currency      ISO 4217 numeric code.
     * @return true when the mail service accepted it; false to be retried.
     */
    boolean send(
        long orderId,
        long customerId,
        DirectBuffer contact,
        int contactOffset,
        int contactLength,
        long amount,
        short currency);
}
