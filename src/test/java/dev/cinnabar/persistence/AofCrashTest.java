package dev.cinnabar.persistence;

import dev.cinnabar.testing.TestServer;
import dev.cinnabar.CinnabarServer;
import java.util.stream.Stream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * appendfsync always keeps every acknowledged write: a separate Cinnabar process is killed with SIGKILL at a
 * random moment while writers pipeline INCR and SET; after a restart on the same directory every acknowledged
 * write is there. Also: a torn last record is dropped (aof-load-truncated yes) or refused (no), a damaged record in
 * the middle stops the start with the file and offset, and write errors refuse writes with Redis's MISCONF.
 */
class AofCrashTest {
    private Path dir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("cinnabar-aof-crash");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        AofTestSupport.deleteTree(dir);
    }

    /** A Cinnabar in its own JVM (so it can be killed), started as bin/cinnabar-server starts it. */
    private record Instance(Process process, int port, Path log) {}

    private Instance launch(String shellPrefix, String... args) throws Exception {
        int port = RealRedis.freePort();
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.cinnabar.Main", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "yes"));
        cmd.addAll(List.of(args));
        if (shellPrefix != null) {
            StringBuilder sb = new StringBuilder(shellPrefix).append(" exec");
            for (String c : cmd) sb.append(" '").append(c.replace("'", "'\\''")).append('\'');
            cmd = List.of("bash", "-c", sb.toString());
        }
        Path logFile = dir.resolve("log-" + port + ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new Instance(p, port, logFile);
            } catch (IOException notYet) {
                if (!p.isAlive()) break;
                Thread.sleep(50);
            }
        }
        return new Instance(p, -1, logFile);
    }

    private String log(Instance i) throws IOException {
        return Files.readString(i.log);
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Map<String, Long> counters = new HashMap<>();
        Map<String, String> strings = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            Instance server = launch(null, "--appendfsync", "always");
            assertTrue(server.port > 0, "server did not start");
            // what the previous rounds acknowledged is all there
            try (RespConnection c = new RespConnection(server.port)) {
                for (var e : counters.entrySet()) {
                    String reply = c.call("GET", e.getKey());
                    long value = Long.parseLong(reply.split("\r\n")[1]);
                    assertTrue(value >= e.getValue(), e.getKey() + " went back from " + e.getValue() + " to " + value);
                    e.setValue(value); // a write sent but not acknowledged may be there too
                }
                for (var e : strings.entrySet()) {
                    String reply = c.call("GET", e.getKey());
                    assertTrue(reply.contains(e.getValue()) || reply.matches("(?s).*value-\\d+.*"),
                            e.getKey() + ": " + reply);
                }
            }
            List<Thread> writers = new ArrayList<>();
            Map<String, Long>[] acked = new Map[3];
            Map<String, String>[] ackedStrings = new Map[3];
            for (int w = 0; w < 3; w++) {
                int id = w;
                acked[w] = new HashMap<>();
                ackedStrings[w] = new HashMap<>();
                writers.add(Thread.ofPlatform().start(() -> {
                    try (RespConnection c = new RespConnection(server.port)) {
                        for (int n = 0; ; n++) {
                            String counter = "counter-" + id;
                            String key = "string-" + id + "-" + (n % 50);
                            // a pipeline of two: one batch, one fsync, two acknowledgements
                            c.send("INCR", counter);
                            c.send("SET", key, "value-" + n);
                            long v = Long.parseLong(c.readReply().trim().substring(1));
                            String ok = c.readReply();
                            synchronized (acked[id]) {
                                acked[id].put(counter, v);
                                if (ok.equals("+OK\r\n")) ackedStrings[id].put(key, "value-" + n);
                            }
                        }
                    } catch (Exception closed) {
                        // the server was killed
                    }
                }));
            }
            // once the writers are going (a cold JVM on a busy machine takes a while), kill at a random moment
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < warm && acknowledged(acked) < 20) Thread.sleep(10);
            Thread.sleep(ThreadLocalRandom.current().nextInt(500));
            new ProcessBuilder("kill", "-KILL", Long.toString(server.process.pid())).start().waitFor();
            server.process.waitFor(10, TimeUnit.SECONDS);
            for (Thread t : writers) t.join(5000);
            for (int w = 0; w < 3; w++) {
                synchronized (acked[w]) {
                    for (var e : acked[w].entrySet()) counters.merge(e.getKey(), e.getValue(), Math::max);
                    strings.putAll(ackedStrings[w]);
                }
            }
            assertTrue(!counters.isEmpty(), "nothing was acknowledged");
        }
        // the final check: exact acknowledged values or later ones
        Instance server = launch(null, "--appendfsync", "always");
        try (RespConnection c = new RespConnection(server.port)) {
            for (var e : counters.entrySet()) {
                long value = Long.parseLong(c.call("GET", e.getKey()).split("\r\n")[1]);
                assertTrue(value >= e.getValue(), e.getKey());
                assertTrue(value <= e.getValue() + 1, e.getKey() + ": at most the one unacknowledged INCR more");
            }
        }
    }

    /**
     * With everysec the fsync lags by up to a second, but each batch is written to the file before its replies go
     * out, as Redis does: a process killed right after an acknowledgement loses nothing (only a machine crash can
     * lose the last second).
     */
    @Test
    void everysecWritesBeforeReplying() throws Exception {
        Instance server = launch(null, "--appendfsync", "everysec");
        assertTrue(server.port > 0, "server did not start");
        long last;
        try (RespConnection c = new RespConnection(server.port)) {
            for (int i = 0; i < 500; i++) c.call("INCR", "n");
            last = Long.parseLong(c.call("INCR", "n").trim().substring(1));
            new ProcessBuilder("kill", "-KILL", Long.toString(server.process.pid())).start().waitFor();
        }
        server.process.waitFor(10, TimeUnit.SECONDS);
        Instance restarted = launch(null, "--appendfsync", "everysec");
        try (RespConnection c = new RespConnection(restarted.port)) {
            assertEquals("$3\r\n" + last + "\r\n", c.call("GET", "n"));
        }
    }

    private static int acknowledged(Map<String, Long>[] acked) {
        int n = 0;
        for (Map<String, Long> m : acked) {
            synchronized (m) {
                for (long v : m.values()) n += (int) Math.min(v, 1000);
            }
        }
        return n;
    }

    private Path lastIncr() throws Exception {
        List<String> files = AofTestSupport.manifestFiles(dir);
        return dir.resolve("appendonlydir").resolve(files.get(files.size() - 1));
    }

    private void writeSomeAndStop() throws Exception {
        Instance server = launch(null, "--appendfsync", "always");
        try (RespConnection c = new RespConnection(server.port)) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            c.call("RPUSH", "list", "x", "y");
        }
        new ProcessBuilder("kill", "-KILL", Long.toString(server.process.pid())).start().waitFor();
        server.process.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void tornLastRecordIsDroppedOrRefused() throws Exception {
        writeSomeAndStop();
        Path incr = lastIncr();
        long validSize = Files.size(incr);
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhal".getBytes(), java.nio.file.StandardOpenOption.APPEND);

        Instance refused = launch(null, "--aof-load-truncated", "no");
        assertEquals(-1, refused.port);
        refused.process.waitFor(10, TimeUnit.SECONDS);
        assertEquals(1, refused.process.exitValue());
        String log = log(refused);
        assertTrue(log.contains("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof"), log);

        Instance server = launch(null);
        try (RespConnection c = new RespConnection(server.port)) {
            assertEquals("$1\r\n2\r\n", c.call("GET", "b"));
            assertEquals("$-1\r\n", c.call("GET", "c"));
            assertEquals(":2\r\n", c.call("LLEN", "list"));
        }
        assertTrue(log(server).contains("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!"));
        assertEquals(validSize, Files.size(incr), "the torn record is cut off the file");
    }

    @Test
    void damageInTheMiddleStopsTheStart() throws Exception {
        writeSomeAndStop();
        Path incr = lastIncr();
        byte[] bytes = Files.readAllBytes(incr);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int second = text.indexOf("*3", text.indexOf("*3") + 1);
        try (RandomAccessFile f = new RandomAccessFile(incr.toFile(), "rw")) {
            f.seek(second);
            f.write('X');
        }
        Instance refused = launch(null);
        assertEquals(-1, refused.port);
        refused.process.waitFor(10, TimeUnit.SECONDS);
        String log = log(refused);
        assertTrue(log.contains("Bad file format reading the append only file appendonly.aof.1.incr.aof at offset "
                + second), log);
    }

    @Test
    void writeErrorsRefuseWritesWithMisconf() throws Exception {
        // a file size limit makes the AOF's writes fail with EFBIG once the incremental file reaches it
        Instance server = launch("ulimit -f 64;", "--appendfsync", "everysec");
        assertTrue(server.port > 0, "server did not start");
        try (RespConnection c = new RespConnection(server.port)) {
            String value = "v".repeat(1000);
            String reply = "";
            for (int i = 0; i < 200 && !reply.startsWith("-"); i++) reply = c.call("SET", "k" + i, value);
            for (int i = 0; i < 50 && !reply.startsWith("-"); i++) {
                Thread.sleep(20);
                reply = c.call("SET", "again", value);
            }
            assertEquals("-MISCONF Errors writing to the AOF file: File too large\r\n", reply);
            assertTrue(c.call("INFO", "persistence").contains("aof_last_write_status:err"));
            assertEquals("$1000\r\n" + value + "\r\n", c.call("GET", "k1"));
            assertTrue(c.call("PING").startsWith("-MISCONF"));
        }
    }

    /**
     * A BGSAVE that fails half way (the file size limit makes the temporary file's writes fail with EFBIG) leaves the
     * previous dump as it was, and writes are refused with MISCONF while save points are configured.
     */
    @Test
    void aFailedBackgroundSaveKeepsThePreviousDump() throws Exception {
        Instance server = launch("ulimit -f 64;", "--appendonly", "no", "--save", "3600 1");
        assertTrue(server.port > 0, "server did not start");
        byte[] previous;
        try (RespConnection c = new RespConnection(server.port)) {
            c.call("SET", "first", "saved");
            assertEquals("+OK\r\n", c.call("SAVE"));
            previous = Files.readAllBytes(dir.resolve("dump.rdb"));
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < 200; i++) { // about 200 KB that LZF cannot shrink: past the limit
                byte[] noise = new byte[500];
                random.nextBytes(noise);
                c.call("SET", "big" + i, java.util.HexFormat.of().formatHex(noise));
            }
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            String info = "";
            for (int i = 0; i < 250 && !info.contains("rdb_bgsave_in_progress:0"); i++) {
                Thread.sleep(20);
                info = c.call("INFO", "persistence");
            }
            assertTrue(info.contains("rdb_last_bgsave_status:err"), info);
            assertTrue(c.call("SET", "after", "1").startsWith("-MISCONF Redis is configured to save RDB snapshots"));
        }
        assertArrayEquals(previous, Files.readAllBytes(dir.resolve("dump.rdb")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("temp-")).toList(),
                    "the failed save's temporary file is removed");
        }
        new ProcessBuilder("kill", "-KILL", Long.toString(server.process.pid())).start().waitFor();
        server.process.waitFor();
        try (CinnabarServer restarted = TestServer.start("dir " + dir);
             RespConnection c = new RespConnection(restarted.port())) {
            assertEquals("$5\r\nsaved\r\n", c.call("GET", "first"));
            assertEquals(":1\r\n", c.call("DBSIZE"));
        }
    }
}
