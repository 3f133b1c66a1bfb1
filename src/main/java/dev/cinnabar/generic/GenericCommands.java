package dev.cinnabar.generic;

import dev.cinnabar.command.CommandTable;

/** Registers the generic key commands. */
public final class GenericCommands {
    private GenericCommands() {}

    public static void register(CommandTable.Builder table) {
        KeyCommands.register(table);
        KeyTransferCommands.register(table);
        ExpireCommands.register(table);
        ScanCommand.register(table);
        ObjectCommands.register(table);
        DumpCommands.register(table);
        SortCommand.register(table);
    }
}
