package dev.herald.store;

/**
 * Message types of the store's facts, written into the {@code messageType} header field. All positive: negative
 * types belong to Herald itself. Every name is a fact in the past tense. {@link #ORDER_PLACED} has its own layout
 * ({@link OrderPlacedDecoder}); every other fact shares the fixed layout of {@link OrderEventCodec}, and this type
 * says which fact it is. {@link #ORDER_PLACED} and {@link #STOCK_RECEIVED} are original facts, published by the
 * application; the rest are announced by the store's reactions.
 *
 * <p>Threading: constants and pure functions only; safe from any thread.
 */
public final class StoreMessageTypes
{
    /** An order was placed: announced by the order service (the producer). */
    public static final int ORDER_PLACED = 1;
    /** The payment gateway captured the order total. */
    public static final int PAYMENT_CAPTURED = 2;
    /** The gateway declined or could not be reached. */
    public static final int PAYMENT_FAILED = 3;
    /** A captured payment was refunded after the order was cancelled. */
    public static final int PAYMENT_REFUNDED = 4;
    /** Every line item was reserved. */
    public static final int INVENTORY_RESERVED = 5;
    /** A line item could not be reserved; nothing was reserved. */
    public static final int OUT_OF_STOCK = 6;
    /** The reservation of a cancelled order was returned to stock. */
    public static final int INVENTORY_RELEASED = 7;
    /** The receipt was sent. */
    public static final int RECEIPT_EMAILED = 8;
    /** The receipt could not be sent after the last attempt. */
    public static final int EMAIL_FAILED = 9;
    /** The warehouse was told to ship a paid and reserved order. */
    public static final int WAREHOUSE_NOTIFIED = 10;
    /** Loyalty points were awarded for a captured payment. */
    public static final int LOYALTY_POINTS_AWARDED = 11;
    /** Points awarded for a cancelled order were taken back. */
    public static final int LOYALTY_POINTS_REVERSED = 12;
    /** The order was cancelled; every reaction that acted compensates. Terminal. */
    public static final int ORDER_CANCELLED = 13;
    /** The order was paid and reserved. Terminal. */
    public static final int ORDER_COMPLETED = 14;
    /**
     * Goods arrived at the warehouse: announced by the producer (goods intake), correlation id = receipt id. Journaling
     * stock makes a journal self-contained: replay rebuilds inventory without out-of-band configuration.
     */
    public static final int STOCK_RECEIVED = 15;

    /** The largest store message type. */
    public static final int MAX_TYPE = STOCK_RECEIVED;

    /** Stage that announces {@link #ORDER_PLACED}: the producer, not a reaction. */
    public static final String PRODUCER = "producer";

    private StoreMessageTypes()
    {
    }

    /**
     * @param messageType from a header.
     * @return the fact's name, Herald's name of its own types ("HandlerFailed", "EncodeFailed"), or an
     * "Unknown(n)"-style name for others (which allocates).
     */
    public static String name(final int messageType)
    {
        switch (messageType)
        {
            case ORDER_PLACED: return "OrderPlaced";
            case PAYMENT_CAPTURED: return "PaymentCaptured";
            case PAYMENT_FAILED: return "PaymentFailed";
            case PAYMENT_REFUNDED: return "PaymentRefunded";
            case INVENTORY_RESERVED: return "InventoryReserved";
            case OUT_OF_STOCK: return "OutOfStock";
            case INVENTORY_RELEASED: return "InventoryReleased";
            case RECEIPT_EMAILED: return "ReceiptEmailed";
            case EMAIL_FAILED: return "EmailFailed";
            case WAREHOUSE_NOTIFIED: return "WarehouseNotified";
            case LOYALTY_POINTS_AWARDED: return "LoyaltyPointsAwarded";
            case LOYALTY_POINTS_REVERSED: return "LoyaltyPointsReversed";
            case ORDER_CANCELLED: return "OrderCancelled";
            case ORDER_COMPLETED: return "OrderCompleted";
            case STOCK_RECEIVED: return "StockReceived";
            default:
                final String herald = dev.herald.journal.RecordDescriptor.heraldTypeName(messageType);
                return herald != null ? herald : "Unknown(" + messageType + ")";
        }
    }

    /**
     * The stage that announces a fact. Each store fact has exactly one announcer, so the journal need not record it.
     *
     * @param messageType from a header.
     * @return a stage name from {@link Store}, {@link #PRODUCER}, or "herald" / "?" for others.
     */
    public static String announcedBy(final int messageType)
    {
        switch (messageType)
        {
            case ORDER_PLACED:
            case STOCK_RECEIVED: return PRODUCER;
            case PAYMENT_CAPTURED:
            case PAYMENT_FAILED:
            case PAYMENT_REFUNDED: return Store.STAGE_PAYMENT;
            case INVENTORY_RESERVED:
            case OUT_OF_STOCK:
            case INVENTORY_RELEASED: return Store.STAGE_INVENTORY;
            case RECEIPT_EMAILED:
            case EMAIL_FAILED: return Store.STAGE_EMAIL;
            case WAREHOUSE_NOTIFIED: return Store.STAGE_WAREHOUSE;
            case LOYALTY_POINTS_AWARDED:
            case LOYALTY_POINTS_REVERSED: return Store.STAGE_LOYALTY;
            case ORDER_CANCELLED:
            case ORDER_COMPLETED: return Store.STAGE_ORDERS;
            default: return messageType < 0 ? "herald" : "?";
        }
    }

    /**
     * @param messageType from a header.
     * @return true for a type this schema defines.
     */
    public static boolean isStoreType(final int messageType)
    {
        return messageType >= ORDER_PLACED && messageType <= MAX_TYPE;
    }
}
