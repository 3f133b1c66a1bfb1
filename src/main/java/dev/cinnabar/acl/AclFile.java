package dev.cinnabar.acl;

import dev.cinnabar.config.ConfigLoader;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.server.Log;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Users from configuration: the {@code user} lines of redis.conf, and the ACL file (aclfile) that ACL LOAD reads and
 * ACL SAVE writes, one {@code user <name> <rules...>} line per user.
 */
final class AclFile {
    private AclFile() {}

    /**
     * Redis's ACLAppendUserForLoading checks (at config-reading time) and ACLLoadConfiguredUsers: the users of the
     * config file's {@code user} lines. A line whose rules are invalid stops start-up as a config error does.
     */
    static void loadDirectives(Acl acl, List<ServerConfig.UserDirective> directives) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ServerConfig.UserDirective d : directives) {
            List<String> argv = d.words();
            String error = null;
            int[] at = {1};
            List<String> rules = Acl.mergeSelectors(argv.subList(2, argv.size()), at);
            if (!seen.add(argv.get(1))) {
                error = RuleError.Kind.DUPLICATE_USER.message;
            } else if (rules == null) {
                error = "Wrong format"; // Redis reports an unset errno here
            } else {
                User scratch = acl.newUser(argv.get(1));
                for (int j = 0; j < rules.size() && error == null; j++) {
                    try {
                        scratch.apply(rules.get(j));
                    } catch (RuleError e) {
                        // unknown commands are reported when the users are created
                        if (e.kind != RuleError.Kind.UNKNOWN_COMMAND) {
                            error = e.getMessage();
                            at[0] = j;
                        }
                    }
                }
            }
            if (error != null) {
                throw new IllegalStateException(ConfigLoader.fatalText(d.lineNumber(), d.line(),
                        "Error in user declaration '" + argv.get(at[0]) + "': " + error));
            }
        }
        for (ServerConfig.UserDirective d : directives) {
            List<String> argv = d.words();
            String name = argv.get(1);
            if (Selector.hasSpaces(name)) {
                Log.warning("Spaces not allowed in ACL usernames");
                throw new IllegalStateException("Critical error while loading ACLs. Exiting.");
            }
            User u = name.equals(Acl.DEFAULT) ? acl.defaultUser() : acl.newUser(name);
            List<String> rules = Acl.mergeSelectors(argv.subList(2, argv.size()), new int[1]);
            if (u == acl.defaultUser()) rules.addFirst("reset"); // the default user is redefined from scratch
            for (String op : rules) {
                try {
                    u.apply(op);
                } catch (RuleError e) {
                    Log.warning("Error loading ACL rule '" + op + "' for the user named '" + name + "': "
                            + e.getMessage());
                    throw new IllegalStateException("Critical error while loading ACLs. Exiting.");
                }
            }
            acl.putLoaded(u);
        }
    }

    /**
     * Redis's ACLLoadFromFile: all users of the file replace the current ones, or, if any line is wrong, nothing
     * changes and the errors found are returned (null on success).
     */
    static String load(Acl acl, ServerConfig config) {
        String filename = config.aclfile.value();
        byte[] content;
        try {
            content = Files.readAllBytes(resolve(config));
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + filename + "': " + describe(e);
        }
        String[] lines = Acl.latin1(content).split("\n", -1);
        StringBuilder errors = new StringBuilder();
        TreeMap<String, User> loaded = new TreeMap<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = strip(lines[i], " \t\r\n");
            if (line.isEmpty()) continue;
            String[] argv = line.split(" ", -1);
            if (!argv[0].equals("user") || argv.length < 2) {
                errors.append(filename).append(':').append(lineNumber)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            if (Selector.hasSpaces(argv[1])) {
                errors.append("'").append(filename).append(':').append(lineNumber).append(": username '")
                        .append(argv[1]).append("' contains invalid characters. ");
                continue;
            }
            if (loaded.containsKey(argv[1])) {
                errors.append("WARNING: Duplicate user '").append(argv[1]).append("' found on line ")
                        .append(lineNumber).append(". ");
                continue;
            }
            User u = acl.newUser(argv[1]);
            loaded.put(argv[1], u);
            List<String> rules = Acl.mergeSelectors(Arrays.asList(argv).subList(2, argv.length), new int[1]);
            if (rules == null) {
                errors.append(filename).append(':').append(lineNumber)
                        .append(": Unmatched parenthesis in selector definition.");
                continue;
            }
            boolean syntaxError = false;
            for (String rule : rules) {
                String op = strip(rule, "\t\r\n");
                try {
                    u.apply(op);
                } catch (RuleError e) {
                    if (e.kind == RuleError.Kind.UNKNOWN_COMMAND) {
                        errors.append(filename).append(':').append(lineNumber).append(": Error in applying operation '")
                                .append(op).append("': ").append(e.getMessage()).append(". ");
                    } else if (!syntaxError) {
                        errors.append(filename).append(':').append(lineNumber).append(": ").append(e.getMessage())
                                .append(". ");
                        syntaxError = true;
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was "
                    + "performed").toString();
        }
        acl.replaceUsers(loaded);
        return null;
    }

    /** Redis's ACLSaveToFile: every user as a line, written to a temporary file renamed over the ACL file. */
    static boolean save(Acl acl, ServerConfig config) {
        StringBuilder out = new StringBuilder();
        for (String line : acl.userLines()) out.append(line).append('\n');
        Path target = resolve(config);
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.currentTimeMillis());
        try {
            Files.write(temp, Acl.bytes(out.toString()));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            Log.warning("Writing ACL file for ACL SAVE: " + describe(e));
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to clean up
            }
            return false;
        }
    }

    /** A relative aclfile is found in the working directory, which Redis makes the {@code dir}. */
    private static Path resolve(ServerConfig config) {
        return Path.of(config.dir.value()).resolve(config.aclfile.value());
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        return String.valueOf(e.getMessage());
    }

    /** Redis's sdstrim: drops the given characters from both ends. */
    private static String strip(String s, String chars) {
        int start = 0, end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) start++;
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(start, end);
    }
}
