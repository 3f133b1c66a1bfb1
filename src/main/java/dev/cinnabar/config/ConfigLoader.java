package dev.cinnabar.config;

import dev.cinnabar.protocol.ArgSplitter;
import dev.cinnabar.protocol.Repr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads redis.conf syntax and redis-server style command lines: {@code [config-file] [--name value ...]}. Like
 * Redis, the command-line options are turned into extra config lines appended after the file's, and any unknown
 * directive or bad value stops start-up with the line that caused it.
 */
public final class ConfigLoader {
    private final ServerConfig config;

    public ConfigLoader(ServerConfig config) {
        this.config = config;
    }

    /** A fatal configuration problem, reported with Redis's "FATAL CONFIG FILE ERROR" layout. */
    public static final class FatalConfigError extends Exception {
        public FatalConfigError(String message) {
            super(message);
        }
    }

    /**
     * Applies a command line: an optional config file path, then --name value... options; a "-" as the first or
     * last argument also reads config text from stdin (given as {@code stdinText}), after the file's.
     */
    public void loadArguments(String[] args, String stdinText) throws FatalConfigError, IOException {
        StringBuilder text = new StringBuilder();
        int first = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            Path file = Path.of(args[0]);
            if (!Files.isReadable(file)) {
                throw new FatalConfigError("Fatal error, can't open config file '" + file.toAbsolutePath() + "': No such file or directory");
            }
            text.append(Files.readString(file, StandardCharsets.UTF_8));
            config.setConfigFile(file.toAbsolutePath().toString());
            first = 1;
        }
        if (readsStdin(args) && stdinText != null) text.append(stdinText);
        // as in Redis, the options always start on a line of their own, even with no file before them
        text.append('\n').append(optionLines(args, first));
        loadText(text.toString());
    }

    /** True when the command line asks for config text on stdin: "-" as its first or last argument. */
    public static boolean readsStdin(String[] args) {
        return args.length > 0 && (args[0].equals("-") || args[args.length - 1].equals("-"));
    }

    /**
     * Turns the options of a command line into config lines, as Redis does: "--name" starts a line, the other
     * arguments are quoted values of the current line. An argument starting with "--" is a value when the
     * option before it has none yet ("--port --bla" sets port to "--bla"), and "--name value" given as one
     * argument is a whole line. A "--save" without a value means {@code save ""}.
     */
    static String optionLines(String[] args, int first) {
        StringBuilder options = new StringBuilder();
        boolean lastOptionHasValue = true;
        for (int i = first; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-") && (i == 0 || i == args.length - 1)) continue; // stdin, see readsStdin
            if (lastOptionHasValue && a.startsWith("--")) {
                if (!options.isEmpty()) options.append('\n');
                options.append(a, 2, a.length()).append(' ');
                List<byte[]> words = ArgSplitter.split(a.getBytes(StandardCharsets.UTF_8));
                lastOptionHasValue = words == null || words.size() != 1;
                if (!lastOptionHasValue && a.equalsIgnoreCase("--save")) {
                    boolean last = i == args.length - 1;
                    if (last || args[i + 1].startsWith("--")) {
                        options.append("\"\"");
                        lastOptionHasValue = !last;
                    }
                }
            } else {
                options.append(Repr.of(a.getBytes(StandardCharsets.UTF_8))).append(' ');
                lastOptionHasValue = true;
            }
        }
        return options.toString();
    }

    /** Applies config text line by line. */
    public void loadText(String text) throws FatalConfigError {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<byte[]> raw = ArgSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (raw == null) throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
            if (raw.isEmpty()) continue;
            List<String> words = new ArrayList<>();
            for (byte[] w : raw) words.add(new String(w, StandardCharsets.UTF_8));
            String name = words.get(0);
            List<String> values = words.subList(1, words.size());
            if (name.equalsIgnoreCase("rename-command") && values.size() == 2) {
                config.addCommandRename(new CommandRename(values.get(0), values.get(1), n + 1, line));
                continue;
            }
            if (name.equalsIgnoreCase("user") && values.size() >= 1) {
                // rules are bytes: Latin-1 keeps each byte as one char
                List<String> userWords = new ArrayList<>();
                for (byte[] w : raw) userWords.add(new String(w, StandardCharsets.ISO_8859_1));
                config.userDirectives().add(new ServerConfig.UserDirective(n + 1, line, userWords));
                continue;
            }
            ConfigParam param = config.find(name);
            if (param == null) throw fatal(n + 1, line, "Bad directive or wrong number of arguments");
            if (!param.acceptsWordCount(values.size())) throw fatal(n + 1, line, "wrong number of arguments");
            try {
                config.setFromConfigFile(param, values);
            } catch (ConfigException e) {
                throw fatal(n + 1, line, e.getMessage());
            }
        }
    }

    private static FatalConfigError fatal(int lineNumber, String line, String reason) {
        return new FatalConfigError(fatalText(lineNumber, line, reason));
    }

    /** Redis's "FATAL CONFIG FILE ERROR" report for a config line, also used for errors found after reading. */
    public static String fatalText(int lineNumber, String line, String reason) {
        return "\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n" + reason;
    }

}
