package dev.cinnabar.network;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Threads for the I/O event loops, which execute the commands, with a stack deep enough for what Redis does
 * recursively on its own large main-thread stack: a script reply nested as deep as Lua's stack allows (Redis
 * answers "reached lua stack limit" after some 8000 levels) must not overflow the Java stack first.
 */
final class DeepStackThreadFactory extends DefaultThreadFactory {
    private static final long STACK_BYTES = 64L << 20;

    DeepStackThreadFactory(String poolName) {
        super(poolName, true);
    }

    @Override
    protected Thread newThread(Runnable task, String name) {
        return new FastThreadLocalThread(threadGroup, task, name, STACK_BYTES);
    }
}
