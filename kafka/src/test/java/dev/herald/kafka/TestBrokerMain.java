package dev.herald.kafka;

/**
 * The test broker on its own, for trying {@code herald export} by hand: creates the topics named as arguments
 * (4 partitions each), prints {@code bootstrap HOST:PORT}, and runs until standard input closes.
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *   dev.herald.kafka.TestBrokerMain store-facts
 * </pre>
 */
public final class TestBrokerMain
{
    private TestBrokerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String bootstrap = TestBroker.bootstrapServers();
        for (final String topic : args)
        {
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap)))
            {
                admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 4, (short)1)))
                    .all().get();
            }
        }
        System.out.println("bootstrap " + bootstrap);
        System.out.flush();
        while (System.in.read() != -1)
        {
            // runs until standard input closes
        }
        System.exit(0);
    }
}
