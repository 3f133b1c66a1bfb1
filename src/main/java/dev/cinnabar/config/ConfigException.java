package dev.cinnabar.config;

/** A parameter value that cannot be accepted; the message is Redis's reason text ("argument must be ..."). */
public final class ConfigException extends Exception {
    public ConfigException(String reason) {
        super(reason, null, false, false);
    }
}
