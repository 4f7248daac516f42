package dev.herald.bench;

/**
 * JVM flags that benchmark forks need, as compile-time constants so that {@code @Fork(jvmArgsAppend = ...)} can
 * use them.
 */
public final class JvmArgs
{
    /** Agrona 2.x reaches into {@code jdk.internal.misc}; every JVM that loads it needs this. */
    public static final String AGRONA = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    /** Chronicle Queue's documented Java 17 flags, one per constant so forks can list them. */
    public static final String CQ_1 = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_2 = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_3 = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_4 = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_5 = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_6 = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_7 = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_8 = "--add-opens=java.base/java.io=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_9 = "--add-opens=java.base/java.util=ALL-UNNAMED";
    /** See {@link #CQ_1}. */
    public static final String CQ_10 = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Chronicle otherwise tries to send usage analytics from the benchmark JVM. */
    public static final String CQ_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** Chronicle's disk-space monitor thread would otherwise share the two cores with the benchmark. */
    public static final String CQ_NO_DISK_MONITOR = "-Dchronicle.disk.monitor.disable=true";

    private JvmArgs()
    {
    }
}
