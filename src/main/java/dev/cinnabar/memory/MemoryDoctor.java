package dev.cinnabar.memory;

import dev.cinnabar.server.Server;

/**
 * MEMORY DOCTOR: Redis's report and thresholds, on the figures of {@link MemoryOverhead}. One difference: an
 * instance counts as empty when it uses less than 5 MB beyond its start-up memory (Redis: 5 MB in all), since a
 * JVM's own baseline is larger than that before any data.
 */
final class MemoryDoctor {
    private static final long MB = 1024 * 1024;

    private MemoryDoctor() {}

    static String report(Server server) {
        MemoryOverhead mh = MemoryOverhead.of(server);
        if (mh.netUsage() < 5 * MB) {
            return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                    + "in these conditions. Please, leave for your mission on Earth and fill it with some data. The "
                    + "new Sam and I will be back to our programming as soon as I finished rebooting.\n";
        }
        StringBuilder s = new StringBuilder();
        if ((float) mh.peak() / mh.total() > 1.5) {
            s.append(" * Peak memory: In the past this instance used more than 150% the memory that is currently "
                    + "using. The allocator is normally not able to release memory after a peak, so you can expect to "
                    + "see a big fragmentation ratio, however this is actually harmless and is only due to the memory "
                    + "peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the "
                    + "memory will be used as soon as you fill the Redis instance with more data. If the memory peak "
                    + "was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE "
                    + "command, otherwise the only other option is to shutdown and restart the instance.\n\n");
        }
        if (mh.fragmentation() > 1.4 && mh.rss() - mh.total() > 10 * MB) {
            s.append(" * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 "
                    + "(this means that the Resident Set Size of the Redis process is much larger than the sum of the "
                    + "logical allocations Redis performed). This problem is usually due either to a large peak memory "
                    + "(check if there is a peak memory entry above in the report) or may result from a workload that "
                    + "causes the allocator to fragment memory a lot. If the problem is a large peak memory, then "
                    + "there is no issue. Otherwise, make sure you are using the Jemalloc allocator and not the "
                    + "default libc malloc. Note: The currently used allocator is \"jvm-" + Runtime.version().feature()
                    + "\".\n\n");
        }
        if (mh.allocatorFragmentation() > 1.1 && mh.heapCommitted() - mh.heapUsed() > 10 * MB) {
            s.append(" * High allocator fragmentation: This instance has an allocator external fragmentation greater "
                    + "than 1.1. This problem is usually due either to a large peak memory (check if there is a peak "
                    + "memory entry above in the report) or may result from a workload that causes the allocator to "
                    + "fragment memory a lot. You can try enabling 'activedefrag' config option.\n\n");
        }
        if (mh.allocatorRss() > 1.1 && mh.rss() - mh.heapCommitted() > 10 * MB) {
            s.append(" * High allocator RSS overhead: This instance has an RSS memory overhead is greater than 1.1 "
                    + "(this means that the Resident Set Size of the allocator is much larger than the sum what the "
                    + "allocator actually holds). This problem is usually due to a large peak memory (check if there "
                    + "is a peak memory entry above in the report), you can try the MEMORY PURGE command to reclaim "
                    + "it.\n\n");
        }
        int clients = server.clients().size();
        if (clients > 0 && mh.clientsNormal() / clients > 200 * 1024) {
            s.append(" * Big client buffers: The clients output buffers in this instance are greater than 200K per "
                    + "client (on average). This may result from different causes, like Pub/Sub clients subscribed "
                    + "to channels bot not receiving data fast enough, so that data piles on the Redis instance output "
                    + "buffer, or clients sending commands with large replies or very large sequences of commands in "
                    + "the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it "
                    + "causes problems in your instance, or to understand better why certain clients are using a big "
                    + "amount of memory.\n\n");
        }
        if (server.scripting().cachedScripts() > 1000) {
            s.append(" * Many scripts: There seem to be many cached scripts in this instance (more than 1000). This "
                    + "may be because scripts are generated and `EVAL`ed, instead of being parameterized (with KEYS "
                    + "and ARGV), `SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called periodically, the "
                    + "scripts' caches may end up consuming most of your memory.\n\n");
        }
        if (s.isEmpty()) {
            return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on "
                    + "this base.\n";
        }
        return "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + s
                + "I'm here to keep you safe, Sam. I want to help you.\n";
    }
}
