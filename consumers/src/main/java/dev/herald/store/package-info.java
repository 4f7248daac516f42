/**
 * The online store built on Herald: the facts of an order's life, seven reactions that act on them, and the tools
 * to run, replay and trace it. See {@code docs/events.md} for every fact byte by byte.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link dev.herald.store.Store}: builds the reactions with their ports and adds them to an engine as stages;
 *       {@link dev.herald.store.Store#digest()} proves that replay rebuilds the same state.</li>
 *   <li>{@link dev.herald.store.OrderRequest} and {@link dev.herald.store.OrderPlacedEncoder}: place an order
 *       (validated before it enters the ring).</li>
 *   <li>{@link dev.herald.store.StoreMessageTypes}, {@link dev.herald.store.StoreSchema}: ids, currencies,
 *       reason codes; {@link dev.herald.store.OrderPlacedDecoder} and {@link dev.herald.store.OrderEventCodec}: the two
 *       payload layouts, as flyweights.</li>
 *   <li>Ports: {@link dev.herald.store.PaymentGateway}, {@link dev.herald.store.Mailer},
 *       {@link dev.herald.store.WarehouseClient}, with in-memory defaults whose
 *       {@link dev.herald.store.PortFaults} make them slow, failing or down.</li>
 *   <li>{@link dev.herald.store.OrderTrace}: an order's story from a journal;
 *       {@link dev.herald.store.OrderGenerator}: seeded order streams.</li>
 * </ul>
 *
 * <p>Each reaction ({@link dev.herald.store.Reaction}) runs on its own stage thread and owns its state; none knows
 * another. Internals ({@code Digests}, {@code RetrySchedule}) are package-private.
 */
package dev.herald.store;
