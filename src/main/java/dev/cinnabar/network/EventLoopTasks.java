package dev.cinnabar.network;

import io.netty.util.concurrent.SingleThreadEventExecutor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs an event loop's queued tasks from inside a handler on that loop, for a script that holds the loop past
 * busy-reply-threshold: without it a connection accepted meanwhile would never get registered. Netty keeps
 * runAllTasks protected; the loop's own I/O polling is never re-entered.
 */
final class EventLoopTasks {
    private static final MethodHandle RUN_ALL_TASKS;

    static {
        try {
            var lookup = MethodHandles.privateLookupIn(SingleThreadEventExecutor.class, MethodHandles.lookup());
            RUN_ALL_TASKS = lookup.findVirtual(SingleThreadEventExecutor.class, "runAllTasks",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EventLoopTasks() {}

    static void runAll(SingleThreadEventExecutor loop) {
        try {
            boolean unused = (boolean) RUN_ALL_TASKS.invokeExact(loop); // invokeExact needs the exact return type
        } catch (Throwable t) {
            throw new IllegalStateException("cannot run the event loop's tasks", t);
        }
    }
}
