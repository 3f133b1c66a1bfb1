package dev.cinnabar.scripting;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread scripts run on, so that the I/O thread stays free to answer other clients with -BUSY once a script
 * passes busy-reply-threshold. The I/O thread hands a script over while holding the execution lock and waits:
 * while it waits, the script runs "covered" by that lock (its commands need no locking of their own). If the
 * script outlasts the threshold the waiter stops covering it and returns to its event loop; from then on each of
 * the script's commands, and its completion, take the execution lock themselves. A monitor ("gate") makes the
 * switch atomic with respect to a command or completion in progress.
 *
 * <p>Both sides spin briefly before parking: most scripts finish in microseconds, and a park/unpark round trip
 * costs more than the script.
 */
final class ScriptThread {
    private static final long SPIN_NANOS = 40_000;

    private final Thread thread;
    private final Object gate = new Object();
    private volatile Runnable job;
    private volatile boolean done;
    private volatile Thread waiter;
    /** True while the waiting I/O thread holds the execution lock on the script's behalf (guarded by gate). */
    private boolean covered;

    ScriptThread(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (true) {
            Runnable next = job;
            if (next == null) {
                long until = System.nanoTime() + SPIN_NANOS;
                while ((next = job) == null && System.nanoTime() < until) Thread.onSpinWait();
                if (next == null) {
                    LockSupport.park(this);
                    continue;
                }
            }
            job = null;
            next.run();
        }
    }

    /**
     * Runs a job on the script thread; the caller holds the execution lock and waits up to timeoutNanos. True when
     * the job completed (through {@link #complete}) in time; false when it goes on uncovered.
     */
    boolean run(Runnable task, long timeoutNanos) {
        synchronized (gate) {
            covered = true;
        }
        done = false;
        waiter = Thread.currentThread();
        job = task;
        LockSupport.unpark(thread);
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        while (!done) {
            long now = System.nanoTime();
            if (now - start < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            if (now - deadline >= 0) {
                synchronized (gate) {
                    if (done) return true;
                    covered = false;
                    return false;
                }
            }
            LockSupport.parkNanos(this, Math.min(deadline - now, 1_000_000));
        }
        return true;
    }

    /** Runs a step of the job that touches shared state: covered by the waiter, or under the execution lock. */
    void locked(ReentrantLock lock, Runnable step) {
        synchronized (gate) {
            if (covered) {
                step.run();
                return;
            }
        }
        lock.lock();
        try {
            step.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the job: coveredEnd runs while the waiter still waits (which then wakes), otherwise uncoveredEnd runs
     * under the execution lock. Exactly one of them runs.
     */
    void complete(ReentrantLock lock, Runnable coveredEnd, Runnable uncoveredEnd) {
        synchronized (gate) {
            if (covered) {
                try {
                    coveredEnd.run();
                } finally {
                    covered = false;
                    done = true;
                    LockSupport.unpark(waiter);
                }
                return;
            }
        }
        lock.lock();
        try {
            uncoveredEnd.run();
        } finally {
            lock.unlock();
        }
    }
}
