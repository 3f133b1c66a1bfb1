package dev.cinnabar.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (from the system's packages) started on a free port, the reference for differential
 * tests. It runs with no persistence in a temporary directory and is stopped by {@link #close()}.
 */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final File dir;

    private RealRedis(Process process, int port, File dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RealRedis start(String... extraArgs) throws IOException, InterruptedException {
        return startBinary(findBinary(), extraArgs);
    }

    /** A server from the given redis-server binary (e.g. to check a format only a newer version reads). */
    public static RealRedis startBinary(String binary, String... extraArgs) throws IOException, InterruptedException {
        int port = freePort();
        File dir = Files.createTempDirectory("redis-ref").toFile();
        List<String> cmd = new ArrayList<>(List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.getAbsolutePath()));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(dir, "redis.log")).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RealRedis(p, port, dir);
            } catch (IOException notYet) {
                if (!p.isAlive()) break;
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start; see " + dir + "/redis.log");
    }

    /**
     * The reference binary: the one named by the REDIS_SERVER environment variable when set (e.g. a Redis 7.2
     * build, for the behaviours the packaged version predates), else the system's redis-server.
     */
    private static String findBinary() {
        String chosen = System.getenv("REDIS_SERVER");
        if (chosen != null && !chosen.isBlank()) {
            if (new File(chosen).canExecute()) return chosen;
            throw new IllegalStateException("REDIS_SERVER is not an executable: " + chosen);
        }
        for (String candidate : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (new File(candidate).canExecute()) return candidate;
        }
        throw new IllegalStateException("redis-server is not installed; differential tests need it "
                + "(apt-get install redis-server)");
    }

    /**
     * A Redis 7.2 redis-server binary for the tests that exchange files with 7.2 besides the reference (RDB and AOF
     * interop): the one named by REDIS_72_SERVER; null when it names no executable. The redis-check-rdb and
     * redis-check-aof beside it are used with it.
     */
    public static String redis72Binary() {
        String path = System.getenv("REDIS_72_SERVER");
        return path != null && !path.isBlank() && new File(path).canExecute() ? path : null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The server's working directory (its --dir, unless overridden by the extra arguments). */
    public File dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private static void deleteTree(File f) {
        File[] files = f.listFiles();
        if (files != null) for (File child : files) deleteTree(child);
        f.delete();
    }
}
