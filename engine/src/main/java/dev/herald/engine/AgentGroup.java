package dev.herald.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.DynamicCompositeAgent;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The participants that share one engine thread (or the application's invoker), run in the order they were added
 * through an Agrona {@link DynamicCompositeAgent}, so a stage added at run time joins the thread between two duty
 * cycles. It adds what the composite does not know: the question its idle strategy asks before parking (does any
 * member have work?), how long it may park, and a stop that ends the thread's {@code AgentRunner} loop.
 *
 * <p>Threading: the {@code Agent} methods on the group's thread; {@link #add} and {@link #stop} from the engine.
 */
final class AgentGroup implements Agent, ParkingIdleStrategy.Work
{
    private final String roleName;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Participant[] members = new Participant[0];
    private volatile boolean stop;
    private DynamicCompositeAgent composite;

    /** @param roleName also the name of the thread that runs the group. */
    AgentGroup(final String roleName)
    {
        this.roleName = roleName;
    }

    /**
     * Add a participant. Before the group runs it simply becomes a member; afterwards it is handed to the running
     * composite, which starts it on the group's thread at its next duty cycle.
     *
     * @return false when a participant added earlier has not been taken up yet (only an invoker that is not being
     * invoked leaves it so); nothing was added then.
     */
    synchronized boolean add(final Participant participant)
    {
        if (composite != null && !composite.tryAdd(participant))
        {
            return false;
        }
        final Participant[] current = members;
        final Participant[] updated = Arrays.copyOf(current, current.length + 1);
        updated[current.length] = participant;
        members = updated;
        return true;
    }

    /** @return whether every participant handed to the running group has been started by it. */
    synchronized boolean addsTakenUp()
    {
        return composite == null || composite.status() != DynamicCompositeAgent.Status.ACTIVE ||
            composite.hasAddAgentCompleted();
    }

    /** End the group's duty cycles: its next {@link #doWork()} ends the runner, which then closes the members. */
    void stop()
    {
        stop = true;
    }

    /** Wait until {@link #onStart()} has run on the group's thread. */
    void awaitStarted() throws InterruptedException
    {
        started.await();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public void onStart()
    {
        try
        {
            // Under the lock, so that an add sees either no composite or an active one.
            synchronized (this)
            {
                composite = new DynamicCompositeAgent(roleName, List.of(members));
                composite.onStart();
            }
        }
        finally
        {
            started.countDown();
        }
    }

    @Override
    public int doWork() throws Exception
    {
        if (stop)
        {
            throw new AgentTerminationException("engine closed", true);
        }
        return composite.doWork();
    }

    @Override
    public void onClose()
    {
        if (composite != null)
        {
            composite.onClose();
        }
        else
        {
            // Never started (an invoker closed before its start): the members still get their onClose.
            for (final Participant member : members)
            {
                member.onClose();
            }
        }
    }

    @Override
    public boolean hasWork()
    {
        if (stop || !addsTakenUp())
        {
            return true;
        }
        for (final Participant member : members)
        {
            if (member.hasWork())
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public long parkCapNs()
    {
        long cap = ParkingIdleStrategy.MAX_PARK_NS;
        for (final Participant member : members)
        {
            cap = Math.min(cap, member.parkCapNs());
        }
        return cap;
    }
}
