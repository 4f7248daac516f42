package dev.herald.store;

import dev.herald.engine.Engine;
import dev.herald.engine.MessageHandler;
import dev.herald.engine.Stage;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.List;

/**
 * The whole store: the seven reactions wired to their ports, ready to become engine stages. Nothing in the order
 * code knows this list; it lives here only so the CLI, the benchmarks and the tests build the same topology.
 *
 * <pre>{@code
 * Store store = new Store(new Store.Context().paymentGateway(gateway).stock(1001, 50));
 * try (Engine engine = Engine.launch(store.addTo(new Engine.Context()
 *     .journal(new Journal.Context().directory(dir).applicationId(StoreSchema.APPLICATION_ID)))))
 * {
 *     engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
 *         OrderPlacedEncoder.INSTANCE, request, 1, TimeUnit.SECONDS);
 * }
 * StoreDigest live = store.digest();
 * Store fresh = new Store(new Store.Context().stock(1001, 50));
 * Engine.replay(dir, 0, Long.MAX_VALUE, fresh.handlers());   // fresh.digest().equals(live)
 * }</pre>
 *
 * <p>Stages, all independent of each other (each reacts to facts, not to another stage's progress):
 * {@value #STAGE_PAYMENT}, {@value #STAGE_INVENTORY}, {@value #STAGE_ORDERS}, {@value #STAGE_EMAIL},
 * {@value #STAGE_WAREHOUSE}, {@value #STAGE_LOYALTY}, {@value #STAGE_ANALYTICS}.
 *
 * <p>Threading: build on one thread before launching the engine; afterwards each reaction belongs to its stage,
 * and {@link #digest()} may be taken once the engine (or replay) has finished.
 */
public final class Store
{
    /** Stage of {@link PaymentReaction}. */
    public static final String STAGE_PAYMENT = "payment";
    /** Stage of {@link InventoryReaction}. */
    public static final String STAGE_INVENTORY = "inventory";
    /** Stage of {@link OrderLifecycleReaction}, which decides each order's terminal state. */
    public static final String STAGE_ORDERS = "orders";
    /** Stage of {@link ReceiptEmailReaction}. */
    public static final String STAGE_EMAIL = "email";
    /** Stage of {@link WarehouseReaction}. */
    public static final String STAGE_WAREHOUSE = "warehouse";
    /** Stage of {@link LoyaltyReaction}. */
    public static final String STAGE_LOYALTY = "loyalty";
    /** Stage of {@link AnalyticsReaction}. */
    public static final String STAGE_ANALYTICS = "analytics";

    /**
     * The smallest engine {@code maxMessageLength} that holds every store fact: a full OrderPlaced frame, with room
     * for the source position a Kafka source adds to it.
     */
    public static final int MIN_MAX_MESSAGE_LENGTH =
        OrderPlacedDecoder.MAX_FRAME_LENGTH + dev.herald.journal.RecordDescriptor.SOURCE_POSITION_LENGTH;

    private final PaymentReaction payment;
    private final InventoryReaction inventory;
    private final OrderLifecycleReaction orders;
    private final ReceiptEmailReaction email;
    private final WarehouseReaction warehouse;
    private final LoyaltyReaction loyalty;
    private final AnalyticsReaction analytics;
    private final Reaction[] reactions;
    private final Context context;

    /**
     * Build the reactions.
     *
     * @param context settings; {@link Context#conclude()} is called here.
     */
    public Store(final Context context)
    {
        this.context = context.conclude();
        final int held = context.heldOrders();
        payment = new PaymentReaction(context.paymentGateway, held, context.clock, context.window());
        inventory = new InventoryReaction(held, Math.max(context.expectedSkus, context.stock.size()), context.window());
        context.stock.forEachLong(inventory::stock);
        orders = new OrderLifecycleReaction(held, context.window());
        email = new ReceiptEmailReaction(context.mailer, held, context.emailMaxAttempts,
            context.emailInitialBackoffNs, context.emailMaxBackoffNs, context.clock, context.window());
        warehouse = new WarehouseReaction(context.warehouseClient, held, context.clock, context.window());
        loyalty = new LoyaltyReaction(held, context.expectedCustomers, context.window());
        analytics = new AnalyticsReaction(held, context.expectedSkus, context.window());
        reactions = new Reaction[]{ payment, inventory, orders, email, warehouse, loyalty, analytics };
    }

    /**
     * The engine stages, one per reaction, in a fixed order, with no {@code after} dependencies. Each call makes new
     * {@link Stage} objects over the same reactions; add them to one engine only.
     *
     * @return the stages.
     */
    public Stage[] stages()
    {
        final Stage[] stages = new Stage[reactions.length];
        for (int i = 0; i < reactions.length; i++)
        {
            stages[i] = Stage.named(reactions[i].stageName()).handler(reactions[i]);
            if (context.threadName != null)
            {
                stages[i].thread(context.threadName);
            }
        }
        return stages;
    }

    /**
     * Add every store stage to an engine context.
     *
     * @param engineContext to add to; its {@code maxMessageLength} must hold a full order.
     * @return the engine context, for a fluent API.
     * @throws IllegalArgumentException when {@code maxMessageLength} is below {@link #MIN_MAX_MESSAGE_LENGTH}.
     */
    public Engine.Context addTo(final Engine.Context engineContext)
    {
        if (engineContext.maxMessageLength() < MIN_MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("invalid maxMessageLength=" + engineContext.maxMessageLength() +
                ", the store needs at least " + MIN_MAX_MESSAGE_LENGTH + " for a full OrderPlaced");
        }
        for (final Stage stage : stages())
        {
            engineContext.stage(stage);
        }
        return engineContext;
    }

    /** @return the reactions as handlers in stage order, for {@code Engine.replay}. */
    public MessageHandler[] handlers()
    {
        return reactions.clone();
    }

    /** @return the reactions in stage order. */
    public List<Reaction> reactions()
    {
        return List.of(reactions);
    }

    /**
     * @return {@code OrderPlaced} records handled, duplicates included: after a rebuild, how far into its order
     * stream the journal got.
     */
    public long placedRecords()
    {
        return analytics.orders() + analytics.duplicateOrders();
    }

    /** @return the digest of every reaction. */
    public StoreDigest digest()
    {
        return new StoreDigest(reactions);
    }

    /** @return the payment reaction. */
    public PaymentReaction payment()
    {
        return payment;
    }

    /** @return the inventory reaction. */
    public InventoryReaction inventory()
    {
        return inventory;
    }

    /** @return the order lifecycle reaction. */
    public OrderLifecycleReaction orders()
    {
        return orders;
    }

    /** @return the receipt email reaction. */
    public ReceiptEmailReaction email()
    {
        return email;
    }

    /** @return the warehouse reaction. */
    public WarehouseReaction warehouse()
    {
        return warehouse;
    }

    /** @return the loyalty reaction. */
    public LoyaltyReaction loyalty()
    {
        return loyalty;
    }

    /** @return the analytics reaction. */
    public AnalyticsReaction analytics()
    {
        return analytics;
    }

    /** @return the concluded context. */
    public Context context()
    {
        return context;
    }

    /**
     * Settings of a {@link Store}: its ports, initial stock, sizes and email retry policy. Unset ports get fresh
     * in-memory ones. Not thread-safe; build on one thread.
     */
    public static final class Context
    {
        /** System property for the default email attempts. */
        public static final String EMAIL_MAX_ATTEMPTS_PROP_NAME = "herald.store.email.max.attempts";
        /** Default email attempts before EmailFailed. */
        public static final int EMAIL_MAX_ATTEMPTS_DEFAULT = 5;
        /** Default wait after the first failed send: 1 ms, doubling per failure. */
        public static final long EMAIL_INITIAL_BACKOFF_NS_DEFAULT = 1_000_000L;
        /** Default cap of the wait between sends: 1 s. */
        public static final long EMAIL_MAX_BACKOFF_NS_DEFAULT = 1_000_000_000L;
        /** Default expected orders, for pre-sizing. */
        public static final int EXPECTED_ORDERS_DEFAULT = 4096;
        /** System property for the default number of settled orders each reaction remembers. */
        public static final String WINDOW_ORDERS_PROP_NAME = "herald.store.window.orders";
        /** Default deduplication window: each reaction remembers the last 131,072 orders it settled. */
        public static final int WINDOW_ORDERS_DEFAULT = 131_072;

        private boolean concluded;
        private PaymentGateway paymentGateway;
        private Mailer mailer;
        private WarehouseClient warehouseClient;
        private final Long2LongHashMap stock = new Long2LongHashMap(64, 0.65f, -1);
        private int expectedOrders = EXPECTED_ORDERS_DEFAULT;
        private int expectedSkus = 256;
        private int expectedCustomers = 1024;
        private int emailMaxAttempts = Integer.getInteger(EMAIL_MAX_ATTEMPTS_PROP_NAME, EMAIL_MAX_ATTEMPTS_DEFAULT);
        private long emailInitialBackoffNs = EMAIL_INITIAL_BACKOFF_NS_DEFAULT;
        private long emailMaxBackoffNs = EMAIL_MAX_BACKOFF_NS_DEFAULT;
        private NanoClock clock;
        private String threadName;
        private int windowOrders = Integer.getInteger(WINDOW_ORDERS_PROP_NAME, WINDOW_ORDERS_DEFAULT);
        private long windowAgeNs = Long.MAX_VALUE;

        /** A window that never forgets, for a reaction built on its own. */
        static SettledWindow unbounded()
        {
            return new SettledWindow(Integer.MAX_VALUE, Long.MAX_VALUE, 1024);
        }

        SettledWindow window()
        {
            return new SettledWindow(windowOrders, windowAgeNs, heldOrders());
        }

        /** Orders a reaction holds at most, open ones aside: pre-sizes the tables. */
        int heldOrders()
        {
            return (int)Math.min(expectedOrders, (long)windowOrders + 1024);
        }

        /**
         * Validate and fill defaults. Called once by the {@link Store} constructor.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the setting and its value.
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
            if (expectedOrders < 0 || expectedSkus < 0 || expectedCustomers < 0)
            {
                throw new IllegalArgumentException("invalid expectedOrders=" + expectedOrders + " expectedSkus=" +
                    expectedSkus + " expectedCustomers=" + expectedCustomers + ", must not be negative");
            }
            if (windowOrders < 1 || windowAgeNs <= 0)
            {
                throw new IllegalArgumentException("invalid windowOrders=" + windowOrders + " windowAgeNs=" +
                    windowAgeNs + ", must both be positive");
            }
            if (emailMaxAttempts < 1)
            {
                throw new IllegalArgumentException("invalid emailMaxAttempts=" + emailMaxAttempts +
                    ", must be at least 1");
            }
            if (emailInitialBackoffNs <= 0 || emailMaxBackoffNs < emailInitialBackoffNs)
            {
                throw new IllegalArgumentException("invalid emailInitialBackoffNs=" + emailInitialBackoffNs +
                    " emailMaxBackoffNs=" + emailMaxBackoffNs + ", need 0 < initial <= max");
            }
            if (paymentGateway == null)
            {
                paymentGateway = new InMemoryPaymentGateway(expectedOrders);
            }
            if (mailer == null)
            {
                mailer = new InMemoryMailer(expectedOrders);
            }
            if (warehouseClient == null)
            {
                warehouseClient = new InMemoryWarehouseClient(expectedOrders);
            }
            if (clock == null)
            {
                clock = SystemNanoClock.INSTANCE;
            }
            concluded = true;
            return this;
        }

        /**
         * @param paymentGateway the payment port.
         * @return this for a fluent API.
         */
        public Context paymentGateway(final PaymentGateway paymentGateway)
        {
            this.paymentGateway = paymentGateway;
            return this;
        }

        /** @return the payment port. */
        public PaymentGateway paymentGateway()
        {
            return paymentGateway;
        }

        /**
         * @param mailer the mail port.
         * @return this for a fluent API.
         */
        public Context mailer(final Mailer mailer)
        {
            this.mailer = mailer;
            return this;
        }

        /** @return the mail port. */
        public Mailer mailer()
        {
            return mailer;
        }

        /**
         * @param warehouseClient the warehouse port.
         * @return this for a fluent API.
         */
        public Context warehouseClient(final WarehouseClient warehouseClient)
        {
            this.warehouseClient = warehouseClient;
            return this;
        }

        /** @return the warehouse port. */
        public WarehouseClient warehouseClient()
        {
            return warehouseClient;
        }

        /**
         * Initial stock of a SKU; SKUs never given have none.
         *
         * @param sku   stock keeping unit.
         * @param units on hand, not negative.
         * @return this for a fluent API.
         */
        public Context stock(final long sku, final long units)
        {
            if (units < 0)
            {
                throw new IllegalArgumentException("invalid units=" + units + " for sku=" + sku +
                    ", must not be negative");
            }
            stock.put(sku, units);
            return this;
        }

        /**
         * @param sku a SKU.
         * @return its initial stock, 0 when not given.
         */
        public long stock(final long sku)
        {
            final long units = stock.get(sku);
            return units < 0 ? 0 : units;
        }

        /** @return initial units over all SKUs. */
        public long totalStock()
        {
            final long[] sum = { 0 };
            stock.forEachLong((sku, units) -> sum[0] += units);
            return sum[0];
        }

        /**
         * @param expectedOrders orders the run will see, for pre-sizing (state grows past it, at a cost).
         * @return this for a fluent API.
         */
        public Context expectedOrders(final int expectedOrders)
        {
            this.expectedOrders = expectedOrders;
            return this;
        }

        /**
         * The deduplication window: how long each reaction remembers an order it is done with (its terminal fact
         * seen, its own work for it announced) before forgetting it, so that state stays as large as the open
         * orders plus the window on an endless stream. An order is forgotten once more than {@code orders} orders
         * settled after it, or once it settled more than {@code maxAgeNs} (by record timestamps) before the fact
         * being handled. A window of more than 1,024 orders forgets those past the count 64 at a time (it holds up to
         * 63 more), for the cache; both rules depend on the journal alone, so a replay forgets what the live run
         * forgot. A duplicate {@code OrderPlaced} for an order still remembered is ignored; one for an order
         * forgotten is a new order (its payment, receipt and shipment are recognised by the ports' idempotency keys,
         * its stock is reserved again).
         *
         * @param orders   settled orders remembered per reaction; {@value #WINDOW_ORDERS_DEFAULT} by default, or
         *                 {@value #WINDOW_ORDERS_PROP_NAME}.
         * @param maxAgeNs longest time a settled order is remembered; {@code Long.MAX_VALUE} (the default) for no
         *                 limit.
         * @return this for a fluent API.
         */
        public Context window(final int orders, final long maxAgeNs)
        {
            this.windowOrders = orders;
            this.windowAgeNs = maxAgeNs;
            return this;
        }

        /**
         * @param expectedSkus distinct SKUs, for pre-sizing.
         * @return this for a fluent API.
         */
        public Context expectedSkus(final int expectedSkus)
        {
            this.expectedSkus = expectedSkus;
            return this;
        }

        /**
         * @param expectedCustomers distinct customers, for pre-sizing.
         * @return this for a fluent API.
         */
        public Context expectedCustomers(final int expectedCustomers)
        {
            this.expectedCustomers = expectedCustomers;
            return this;
        }

        /**
         * @param emailMaxAttempts sends per receipt before EmailFailed; default from
         *                         {@value #EMAIL_MAX_ATTEMPTS_PROP_NAME}, else {@value #EMAIL_MAX_ATTEMPTS_DEFAULT}.
         * @return this for a fluent API.
         */
        public Context emailMaxAttempts(final int emailMaxAttempts)
        {
            this.emailMaxAttempts = emailMaxAttempts;
            return this;
        }

        /**
         * @param initialNs wait after the first failed send, doubling per failure.
         * @param maxNs     cap of the wait.
         * @return this for a fluent API.
         */
        public Context emailBackoff(final long initialNs, final long maxNs)
        {
            this.emailInitialBackoffNs = initialNs;
            this.emailMaxBackoffNs = maxNs;
            return this;
        }

        /**
         * @param clock for retry backoff; {@link SystemNanoClock} by default.
         * @return this for a fluent API.
         */
        public Context clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * @param threadName when set, every store stage shares this one engine thread (a 2-core machine's layout).
         * @return this for a fluent API.
         */
        public Context sharedThread(final String threadName)
        {
            this.threadName = threadName;
            return this;
        }
    }
}
