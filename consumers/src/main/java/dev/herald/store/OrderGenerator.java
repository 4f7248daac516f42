package dev.herald.store;

/**
 * A deterministic, seeded stream of orders for the CLI's {@code run}, the benchmarks and the property tests:
 * random customers, baskets and quantities over a SKU catalogue, a share of declined cards, scarce SKUs that run
 * out of stock, and duplicate submissions of recent orders (same order id, same content), as an at-least-once
 * upstream would send them. The same seed and config always give the same stream.
 *
 * <p>Order {@code n} is generated from its own seed ({@code seed} mixed with {@code n}), so a duplicate is an exact
 * regeneration and filling a request allocates nothing.
 *
 * <p>Threading: not thread-safe; one generator per producing thread.
 */
public final class OrderGenerator
{
    /** First SKU id; SKUs are {@code FIRST_SKU .. FIRST_SKU + skus - 1}, the scarce ones first. */
    public static final long FIRST_SKU = 10_001;
    /** First order id. */
    public static final long FIRST_ORDER_ID = 1;

    private static final String[] CURRENCIES = { "EUR", "USD", "GBP" };

    private final long seed;
    private final Config config;
    private final StringBuilder contact = new StringBuilder(64);
    private long mainState;
    private long orderState;
    private long nextIndex;
    private long duplicates;

    /**
     * @param seed   of the stream.
     * @param config shape of the stream; copied.
     */
    public OrderGenerator(final long seed, final Config config)
    {
        config.validate();
        this.seed = seed;
        this.config = config.copy();
        this.mainState = Digests.mix(seed);
    }

    /** @param seed of the stream, with the default {@link Config}. */
    public OrderGenerator(final long seed)
    {
        this(seed, new Config());
    }

    /** @return the seed. */
    public long seed()
    {
        return seed;
    }

    /** @return a copy of the config. */
    public Config config()
    {
        return config.copy();
    }

    /**
     * Fill the request with the next order: a new one, or now and then a duplicate of a recent one.
     *
     * @param request to fill; reset first.
     * @return true when this is a duplicate submission.
     */
    public boolean next(final OrderRequest request)
    {
        if (nextIndex > 0 && nextInt(1000) < config.duplicatePermille)
        {
            final long back = nextInt((int)Math.min(nextIndex, 16));
            fill(request, nextIndex - 1 - back);
            duplicates++;
            return true;
        }
        fill(request, nextIndex++);
        return false;
    }

    /** @return distinct orders generated so far. */
    public long distinctOrders()
    {
        return nextIndex;
    }

    /** @return duplicates generated so far. */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * Put the catalogue's initial stock into a store context.
     *
     * @param context to fill.
     * @return the context.
     */
    public Store.Context stockInto(final Store.Context context)
    {
        for (int i = 0; i < config.skus; i++)
        {
            context.stock(FIRST_SKU + i, i < config.scarceSkus ? config.scarceStock : config.plentifulStock);
        }
        return context.expectedSkus(config.skus).expectedCustomers(config.customers + declinedCustomers());
    }

    /** @return number of SKUs in the catalogue. */
    public int skuCount()
    {
        return config.skus;
    }

    /**
     * @param index of a SKU, below {@link #skuCount()}.
     * @return its id.
     */
    public long sku(final int index)
    {
        return FIRST_SKU + index;
    }

    /**
     * @param index of a SKU, below {@link #skuCount()}.
     * @return its initial stock in this stream's catalogue (to configure, or to publish as StockReceived).
     */
    public long initialStock(final int index)
    {
        return index < config.scarceSkus ? config.scarceStock : config.plentifulStock;
    }

    /**
     * Register the declined cards with a gateway.
     *
     * @param gateway to configure.
     * @return the gateway.
     */
    public InMemoryPaymentGateway declineInto(final InMemoryPaymentGateway gateway)
    {
        for (int i = 1; i <= declinedCustomers(); i++)
        {
            gateway.declineCustomer(config.customers + i);
        }
        return gateway;
    }

    /**
     * @param customerId a customer.
     * @return true when the stream's gateway should decline this customer's card.
     */
    public boolean isDeclinedCard(final long customerId)
    {
        return customerId > config.customers && customerId <= config.customers + declinedCustomers();
    }

    private int declinedCustomers()
    {
        return config.declinePermille == 0 ? 0 : Math.max(1, config.customers / 20);
    }

    private void fill(final OrderRequest request, final long index)
    {
        orderState = Digests.mix(seed ^ Digests.mix(index + 0x5DEECE66DL));
        final long customerId;
        if (config.declinePermille > 0 && nextOrderInt(1000) < config.declinePermille)
        {
            customerId = config.customers + 1 + nextOrderInt(declinedCustomers());
        }
        else
        {
            customerId = 1 + nextOrderInt(config.customers);
        }
        contact.setLength(0);
        contact.append("customer-").append(customerId).append("@example.com");
        request.reset()
            .orderId(FIRST_ORDER_ID + index)
            .customerId(customerId)
            .currency(CURRENCIES[(int)(customerId % CURRENCIES.length)])
            .contact(contact);
        final int basket = 1 + nextOrderInt(config.maxBasket);
        for (int line = 0; line < basket; line++)
        {
            long sku;
            boolean fresh;
            do
            {
                sku = FIRST_SKU + nextOrderInt(config.skus);
                fresh = true;
                for (int j = 0; j < line; j++)
                {
                    fresh &= request.sku(j) != sku;
                }
            }
            while (!fresh);
            final long price = 100 + Math.floorMod(Digests.mix(sku), 9_900L);
            request.addItem(sku, 1 + nextOrderInt(config.maxQuantity), price);
        }
        request.computeTotal();
    }

    private int nextInt(final int bound)
    {
        mainState += 0x9E3779B97F4A7C15L;
        return (int)Math.floorMod(Digests.mix(mainState), (long)bound);
    }

    private int nextOrderInt(final int bound)
    {
        orderState += 0x9E3779B97F4A7C15L;
        return (int)Math.floorMod(Digests.mix(orderState), (long)bound);
    }

    /**
     * Shape of a generated stream, with fluent setters. Not thread-safe.
     */
    public static final class Config
    {
        int customers = 1000;
        int skus = 200;
        int maxBasket = 5;
        int maxQuantity = 3;
        int declinePermille = 50;
        int scarceSkus = 10;
        long scarceStock = 20;
        long plentifulStock = 1_000_000;
        int duplicatePermille = 20;

        /**
         * @param customers good customers, ids 1..customers; declined cards get ids above.
         * @return this for a fluent API.
         */
        public Config customers(final int customers)
        {
            this.customers = customers;
            return this;
        }

        /**
         * @param skus catalogue size, at least the basket size.
         * @return this for a fluent API.
         */
        public Config skus(final int skus)
        {
            this.skus = skus;
            return this;
        }

        /**
         * @param maxBasket most line items per order, 1 to {@link OrderPlacedDecoder#MAX_ITEMS}.
         * @return this for a fluent API.
         */
        public Config maxBasket(final int maxBasket)
        {
            this.maxBasket = maxBasket;
            return this;
        }

        /**
         * @param maxQuantity most units per line.
         * @return this for a fluent API.
         */
        public Config maxQuantity(final int maxQuantity)
        {
            this.maxQuantity = maxQuantity;
            return this;
        }

        /**
         * @param declinePermille orders per thousand paid with a declined card.
         * @return this for a fluent API.
         */
        public Config declinePermille(final int declinePermille)
        {
            this.declinePermille = declinePermille;
            return this;
        }

        /**
         * @param scarceSkus how many SKUs (the first ones) have little stock.
         * @param scarceStock their units each.
         * @return this for a fluent API.
         */
        public Config scarce(final int scarceSkus, final long scarceStock)
        {
            this.scarceSkus = scarceSkus;
            this.scarceStock = scarceStock;
            return this;
        }

        /**
         * @param plentifulStock units of every other SKU.
         * @return this for a fluent API.
         */
        public Config plentifulStock(final long plentifulStock)
        {
            this.plentifulStock = plentifulStock;
            return this;
        }

        /**
         * @param duplicatePermille submissions per thousand that repeat a recent order.
         * @return this for a fluent API.
         */
        public Config duplicatePermille(final int duplicatePermille)
        {
            this.duplicatePermille = duplicatePermille;
            return this;
        }

        Config copy()
        {
            final Config copy = new Config();
            copy.customers = customers;
            copy.skus = skus;
            copy.maxBasket = maxBasket;
            copy.maxQuantity = maxQuantity;
            copy.declinePermille = declinePermille;
            copy.scarceSkus = scarceSkus;
            copy.scarceStock = scarceStock;
            copy.plentifulStock = plentifulStock;
            copy.duplicatePermille = duplicatePermille;
            return copy;
        }

        void validate()
        {
            if (customers < 1)
            {
                throw new IllegalArgumentException("invalid customers=" + customers + ", must be at least 1");
            }
            if (maxBasket < 1 || maxBasket > OrderPlacedDecoder.MAX_ITEMS)
            {
                throw new IllegalArgumentException("invalid maxBasket=" + maxBasket + ", must be in [1, " +
                    OrderPlacedDecoder.MAX_ITEMS + "]");
            }
            if (skus < maxBasket)
            {
                throw new IllegalArgumentException("invalid skus=" + skus + ", must be at least maxBasket=" +
                    maxBasket);
            }
            if (maxQuantity < 1)
            {
                throw new IllegalArgumentException("invalid maxQuantity=" + maxQuantity + ", must be at least 1");
            }
            if (declinePermille < 0 || declinePermille > 1000)
            {
                throw new IllegalArgumentException("invalid declinePermille=" + declinePermille +
                    ", must be in [0, 1000]");
            }
            if (duplicatePermille < 0 || duplicatePermille > 1000)
            {
                throw new IllegalArgumentException("invalid duplicatePermille=" + duplicatePermille +
                    ", must be in [0, 1000]");
            }
            if (scarceSkus < 0 || scarceSkus > skus || scarceStock < 0 || plentifulStock < 0)
            {
                throw new IllegalArgumentException("invalid scarceSkus=" + scarceSkus + " scarceStock=" +
                    scarceStock + " plentifulStock=" + plentifulStock + ", must be non-negative, scarceSkus <= skus");
            }
        }
    }
}
