package dev.cinnabar.diagnostics;

import dev.cinnabar.command.LatencyHistogram;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LATENCY against a real redis-server: events over the threshold, their history, the reports and histograms. */
class LatencyTest extends PairedDebugServers {
    @Override
    protected String[] baseline() {
        return new String[] {"CONFIG", "SET", "latency-monitor-threshold", "0"};
    }

    @Override
    protected String[] reset() {
        return new String[] {"LATENCY", "RESET"};
    }

    @Test
    void disabledMonitorRecordsNothingAndTheDoctorSaysSo() throws IOException {
        c.same("DEBUG", "SLEEP", "0.02");
        c.same("LATENCY", "LATEST");
        c.same("LATENCY", "HISTORY", "command");
        c.same("LATENCY", "DOCTOR");
        c.same("LATENCY", "GRAPH", "command");
    }

    @Test
    void aSlowCommandIsACommandEvent() throws IOException {
        c.same("CONFIG", "SET", "latency-monitor-threshold", "10");
        c.same("DEBUG", "SLEEP", "0.03");
        c.same("PING"); // fast and below the threshold: nothing
        RespTree latest = RespTree.parse(c.cinnabar().call("LATENCY", "LATEST"));
        assertEquals(shape(RespTree.parse(c.redis().call("LATENCY", "LATEST"))), shape(latest));
        RespTree event = latest.children().get(0);
        assertEquals("command", event.children().get(0).text());
        long latency = Long.parseLong(event.children().get(2).text());
        assertTrue(latency >= 30 && latency < 1000, event.toString());
        assertEquals(latency, Long.parseLong(event.children().get(3).text()));
        RespTree history = RespTree.parse(c.cinnabar().call("LATENCY", "HISTORY", "command"));
        assertEquals(1, history.children().size());
        assertEquals(String.valueOf(latency), history.children().get(0).children().get(1).text());
        c.same("LATENCY", "HISTORY", "Command"); // event names are case-sensitive here...
        c.same("LATENCY", "RESET", "COMMAND", "nosuch"); // ...and not here: 1
        c.same("LATENCY", "LATEST");
    }

    @Test
    void graphAndDoctorFollowRedissLayout() throws IOException {
        c.same("CONFIG", "SET", "latency-monitor-threshold", "10");
        c.same("DEBUG", "SLEEP", "0.03");
        String ours = c.cinnabar().call("LATENCY", "GRAPH", "command");
        String theirs = c.redis().call("LATENCY", "GRAPH", "command");
        assertEquals(maskNumbers(theirs), maskNumbers(ours));
        assertTrue(ours.contains("command - high "), ours);
        assertTrue(ours.contains("-".repeat(80) + "\n"), ours);
        // the doctor: the same event paragraph; advice about this machine (huge pages) may differ
        String doctor = c.cinnabar().call("LATENCY", "DOCTOR");
        String reference = c.redis().call("LATENCY", "DOCTOR");
        assertEquals(maskNumbers(firstParagraphs(reference)), maskNumbers(firstParagraphs(doctor)));
        assertTrue(doctor.contains("1. command: 1 latency spikes (average "), doctor);
        assertTrue(doctor.contains("- Check your Slow Log to understand what are the commands you are running"), doctor);
    }

    @Test
    void graphOfSeveralSamplesDrawsColumns() {
        LatencyMonitor.Series ts = new LatencyMonitor.Series();
        long now = System.currentTimeMillis() / 1000;
        ts.add(now - 2, 10);
        ts.add(now - 1, 40);
        ts.add(now, 25);
        String graph = LatencyReport.graph("x", ts);
        assertEquals("x - high 40 ms, low 10 ms (all time high 40 ms)\n"
                + "-".repeat(80) + "\n"
                + " # \n"
                + " |_\n"
                + " ||\n"
                + "_||\n"
                + "   \n"
                + "210\n"
                + "sss\n", graph);
    }

    @Test
    void histogramsOfCommands() throws IOException {
        c.both("CONFIG", "RESETSTAT");
        c.same("SET", "a", "1");
        c.same("SET", "a", "2");
        c.same("GET", "a");
        assertEquals(calls(c.redis().call("LATENCY", "HISTOGRAM", "set", "get", "nosuch")),
                calls(c.cinnabar().call("LATENCY", "HISTOGRAM", "set", "get", "nosuch")));
        c.both("CLIENT", "ID");
        RespTree client = RespTree.parse(c.cinnabar().call("LATENCY", "HISTOGRAM", "client"));
        assertEquals("client|id", client.children().get(0).text());
        c.same("LATENCY", "HISTOGRAM", "nosuch");
        // Redis 7.0 words the HELP entry the older way
        assertEquals(c.redis().call("LATENCY", "HELP").replace("Prints this help.", "Print this help."),
                c.cinnabar().call("LATENCY", "HELP"));
        c.same("LATENCY", "NOPE");
        c.same("LATENCY", "LATEST", "x");
        c.same("LATENCY", "DOCTOR", "x");
        c.same("LATENCY", "HISTORY");
    }

    @Test
    void resp3Replies() throws IOException {
        try (PairedConnections c3 = PairedConnections.open(cinnabar, redis, 3)) {
            c3.same("LATENCY", "DOCTOR");
            c3.same("LATENCY", "LATEST");
            c3.same("LATENCY", "HISTOGRAM", "nosuch");
            c3.same("SLOWLOG", "GET", "0");
            c3.both("CONFIG", "RESETSTAT");
            c3.same("SET", "a", "1");
            c3.same(LatencyTest::maskNumbers, "LATENCY", "HISTOGRAM", "set");
            c3.both("CONFIG", "SET", "latency-monitor-threshold", "10");
            c3.same("DEBUG", "SLEEP", "0.03");
            c3.same(LatencyTest::maskNumbers, "LATENCY", "LATEST");
            c3.same(LatencyTest::maskNumbers, "LATENCY", "HISTORY", "command");
            c3.same(LatencyTest::maskNumbers, "LATENCY", "GRAPH", "command");
        }
    }

    @Test
    void histogramStepsAreHdrLogBuckets() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(3000);
        h.record(3000);
        h.record(100_000);
        List<String> steps = new ArrayList<>();
        long[] previous = {0};
        h.forEachLogStep(1024, 2, (highest, cumulative) -> {
            if (cumulative > previous[0]) steps.add(highest / 1000 + "=" + cumulative);
            previous[0] = cumulative;
        });
        // values up to a power of two times 1024 ns, reported at the end of the bucket holding that level
        assertEquals(List.of("4=2", "132=3"), steps);
    }

    /** Per command: its name and number of calls (bucket bounds depend on timing). */
    private static List<String> calls(String reply) {
        RespTree map = RespTree.parse(reply);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < map.children().size(); i += 2) {
            RespTree d = map.children().get(i + 1);
            out.add(map.children().get(i).text() + " " + d.children().get(0).text() + "=" + d.children().get(1).text());
        }
        out.sort(null);
        return out;
    }

    private static List<String> shape(RespTree latest) {
        List<String> out = new ArrayList<>();
        for (RespTree e : latest.children()) out.add(e.children().get(0).text() + "/" + e.children().size());
        return out;
    }

    private static String maskNumbers(String s) {
        return s.replaceAll("\\d+", "N").replaceAll("N\\.N", "N");
    }

    /** The report up to the advice list. */
    private static String firstParagraphs(String report) {
        int advices = report.indexOf("I have a few advices");
        return advices < 0 ? report : report.substring(0, advices);
    }
}
