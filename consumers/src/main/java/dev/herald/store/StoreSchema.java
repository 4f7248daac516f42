package dev.herald.store;

/**
 * Identity and shared vocabulary of the store's message schemas: the application id written into journal headers,
 * the schema version of every payload, the ISO 4217 currencies the store supports and the reason codes carried by
 * failure facts.
 *
 * <p>Threading: constants and pure functions only; safe from any thread.
 */
public final class StoreSchema
{
    /** Version of the layout of every reaction's snapshot ({@link SnapshotCodec}). */
    public static final int SNAPSHOT_VERSION = SnapshotCodec.VERSION;

    /**
     * Application id the store writes into every journal segment header (ASCII "HRLDSTOR"), so tools refuse a
     * journal written by another kind of application.
     */
    public static final long APPLICATION_ID = 0x48524C4453544F52L;

    /** Schema version of every store payload; bumped when a layout changes, for upcasting. */
    public static final short SCHEMA_VERSION = 1;

    /** ISO 4217 numeric code of the euro. */
    public static final short EUR = 978;
    /** ISO 4217 numeric code of the US dollar. */
    public static final short USD = 840;
    /** ISO 4217 numeric code of the pound sterling. */
    public static final short GBP = 826;
    /** ISO 4217 numeric code of the Swiss franc. */
    public static final short CHF = 756;
    /** ISO 4217 numeric code of the Swedish krona. */
    public static final short SEK = 752;
    /** ISO 4217 numeric code of the yen (no minor unit: amounts are in yen). */
    public static final short JPY = 392;
    /** Returned by {@link #currencyCode(CharSequence)} for an unsupported currency. */
    public static final short UNKNOWN_CURRENCY = -1;

    /** No reason: the fact is a success. */
    public static final short REASON_NONE = 0;
    /** The payment gateway declined the card. */
    public static final short REASON_PAYMENT_DECLINED = 1;
    /** The payment gateway could not be reached or failed. */
    public static final short REASON_PAYMENT_UNAVAILABLE = 2;
    /** At least one line item could not be reserved. */
    public static final short REASON_OUT_OF_STOCK = 3;
    /** The mailer failed on every attempt. */
    public static final short REASON_MAILER_UNAVAILABLE = 4;

    private StoreSchema()
    {
    }

    /**
     * Map an alphabetic ISO 4217 code to the numeric code stored in payloads, without allocating.
     *
     * @param alphabetic such as "EUR"; may be null.
     * @return the numeric code, or {@link #UNKNOWN_CURRENCY} when the store does not support it.
     */
    public static short currencyCode(final CharSequence alphabetic)
    {
        if (alphabetic == null || alphabetic.length() != 3)
        {
            return UNKNOWN_CURRENCY;
        }
        final char a = alphabetic.charAt(0);
        final char b = alphabetic.charAt(1);
        final char c = alphabetic.charAt(2);
        if (a == 'E' && b == 'U' && c == 'R')
        {
            return EUR;
        }
        if (a == 'U' && b == 'S' && c == 'D')
        {
            return USD;
        }
        if (a == 'G' && b == 'B' && c == 'P')
        {
            return GBP;
        }
        if (a == 'C' && b == 'H' && c == 'F')
        {
            return CHF;
        }
        if (a == 'S' && b == 'E' && c == 'K')
        {
            return SEK;
        }
        if (a == 'J' && b == 'P' && c == 'Y')
        {
            return JPY;
        }
        return UNKNOWN_CURRENCY;
    }

    /**
     * @param code numeric ISO 4217 code.
     * @return the alphabetic code, or "???" when unsupported.
     */
    public static String currencyName(final int code)
    {
        switch (code)
        {
            case EUR: return "EUR";
            case USD: return "USD";
            case GBP: return "GBP";
            case CHF: return "CHF";
            case SEK: return "SEK";
            case JPY: return "JPY";
            default: return "???";
        }
    }

    /** @return the numeric codes of every supported currency. */
    public static short[] supportedCurrencies()
    {
        return new short[]{ EUR, USD, GBP, CHF, SEK, JPY };
    }

    /**
     * @param reason a {@code REASON_*} code.
     * @return its name, for tools.
     */
    public static String reasonName(final int reason)
    {
        switch (reason)
        {
            case REASON_NONE: return "none";
            case REASON_PAYMENT_DECLINED: return "payment-declined";
            case REASON_PAYMENT_UNAVAILABLE: return "payment-unavailable";
            case REASON_OUT_OF_STOCK: return "out-of-stock";
            case REASON_MAILER_UNAVAILABLE: return "mailer-unavailable";
            default: return "unknown";
        }
    }
}
