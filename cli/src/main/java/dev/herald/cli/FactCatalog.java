package dev.herald.cli;

import dev.herald.engine.HandlerFailure;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import dev.herald.store.OrderEventCodec;
import dev.herald.store.OrderPlacedDecoder;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;

import java.util.Locale;

/**
 * Names and decodes the message types the command knows: Herald's own and the store's.
 *
 * <p>Threading: the static methods are safe from any thread; an instance holds flyweights and belongs to one
 * thread.
 */
final class FactCatalog
{
    private final OrderPlacedDecoder orderPlaced = new OrderPlacedDecoder();
    private final OrderEventCodec orderEvent = new OrderEventCodec();
    private final boolean store;

    /**
     * @param store true when the journal is the store's ({@link StoreSchema#APPLICATION_ID}): only then are its
     *              types named and decoded as store facts; another application's types are numbers.
     */
    private FactCatalog(final boolean store)
    {
        this.store = store;
    }

    /** @return the catalog of a journal's facts: the store's names on a store journal, Herald's own on any. */
    static FactCatalog forJournal(final long applicationId)
    {
        return new FactCatalog(applicationId == StoreSchema.APPLICATION_ID);
    }

    /**
     * @param type a message type.
     * @return its name, or null when unknown.
     */
    String name(final int type)
    {
        final String herald = RecordDescriptor.heraldTypeName(type);
        if (null != herald)
        {
            return herald;
        }
        return store && StoreMessageTypes.isStoreType(type) ? StoreMessageTypes.name(type) : null;
    }

    /**
     * @param type a message type.
     * @return its name, or {@code type#N} when unknown.
     */
    String displayName(final int type)
    {
        final String name = name(type);
        return null == name ? "type#" + type : name;
    }

    /**
     * @param type a message type.
     * @return the stage that announces it, or "?" when unknown.
     */
    static String announcedBy(final int type)
    {
        return StoreMessageTypes.announcedBy(type);
    }

    /**
     * @param text a type name (any case) or number.
     * @return the type.
     * @throws CommandException (usage) naming the text when it is neither.
     */
    int parseType(final String text)
    {
        final String trimmed = text.trim();
        try
        {
            return Integer.parseInt(trimmed);
        }
        catch (final NumberFormatException ignore)
        {
            // not a number: look the name up below
        }
        final String wanted = trimmed.toLowerCase(Locale.ROOT);
        for (int type = RecordDescriptor.TYPE_ENCODE_FAILED; type <= StoreMessageTypes.MAX_TYPE; type++)
        {
            final String name = name(type);
            if (null != name && name.toLowerCase(Locale.ROOT).equals(wanted))
            {
                return type;
            }
        }
        throw CommandException.usage("invalid --type=" + text + ", not a " + (store ? "" : "Herald ") +
            "message type name or a number" + (store ? "" : " (this journal is not the store's: its types are numbers)"));
    }

    /**
     * @param record a fact.
     * @return true when its type and schema version are known and its payload holds what its layout needs, so
     * {@link #decode} can write it.
     */
    boolean canDecode(final RecordView record)
    {
        final int type = record.messageType();
        if (type == RecordDescriptor.TYPE_HANDLER_FAILED)
        {
            return canDecodeFailure(record);
        }
        if (type == RecordDescriptor.TYPE_ENCODE_FAILED)
        {
            return true; // an empty payload: the header says all there is
        }
        if (!store || !StoreMessageTypes.isStoreType(type) || record.schemaVersion() != StoreSchema.SCHEMA_VERSION)
        {
            return false;
        }
        if (type == StoreMessageTypes.ORDER_PLACED)
        {
            try
            {
                orderPlaced.wrap(record);
                return true;
            }
            catch (final IllegalArgumentException ex)
            {
                return false; // counts that do not fit the payload: show the bytes instead
            }
        }
        return record.payloadLength() >= OrderEventCodec.BLOCK_LENGTH;
    }

    private static boolean canDecodeFailure(final RecordView record)
    {
        if (record.schemaVersion() != HandlerFailure.SCHEMA_VERSION)
        {
            return false;
        }
        try
        {
            HandlerFailure.message(record); // walks all three fields, checking each length
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    /**
     * Write the decoded payload of a known fact as the fields of an open JSON object.
     *
     * @param record the fact; {@link #canDecode(RecordView)} is true for it.
     * @param json   positioned inside an object.
     */
    void decode(final RecordView record, final JsonWriter json)
    {
        if (record.messageType() == RecordDescriptor.TYPE_ENCODE_FAILED)
        {
            return;
        }
        if (record.messageType() == RecordDescriptor.TYPE_HANDLER_FAILED)
        {
            json.field("stage", HandlerFailure.stageName(record))
                .field("exceptionClass", HandlerFailure.exceptionClass(record))
                .field("message", HandlerFailure.message(record));
        }
        else if (record.messageType() == StoreMessageTypes.ORDER_PLACED)
        {
            final OrderPlacedDecoder order = orderPlaced.wrap(record);
            json.field("orderId", order.orderId())
                .field("customerId", order.customerId())
                .field("total", order.total())
                .field("currency", StoreSchema.currencyName(order.currency()));
            json.name("items").beginArray();
            for (int i = 0, count = order.itemCount(); i < count; i++)
            {
                json.beginObject()
                    .field("sku", order.sku(i))
                    .field("quantity", order.quantity(i))
                    .field("unitPrice", order.unitPrice(i))
                    .endObject();
            }
            json.endArray();
            json.field("contact", order.contact());
        }
        else
        {
            final OrderEventCodec event = orderEvent.wrap(record);
            json.field("orderId", event.orderId())
                .field("customerId", event.customerId())
                .field("amount", event.amount())
                .field("currency", event.currency() == 0 ? null : StoreSchema.currencyName(event.currency()))
                .field("sku", event.sku())
                .field("quantity", event.quantity())
                .field("reason", StoreSchema.reasonName(event.reason()))
                .field("attempt", event.attempt());
        }
    }
}
