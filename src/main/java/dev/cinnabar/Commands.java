package dev.cinnabar;

import dev.cinnabar.acl.AclCommands;
import dev.cinnabar.memory.MemoryCommands;
import dev.cinnabar.admin.ServerCommands;
import dev.cinnabar.bitmaps.BitmapCommands;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.connection.ClientCommands;
import dev.cinnabar.connection.ConnectionCommands;
import dev.cinnabar.diagnostics.DiagnosticsCommands;
import dev.cinnabar.introspection.CommandCommands;
import dev.cinnabar.generic.GenericCommands;
import dev.cinnabar.geo.GeoCommands;
import dev.cinnabar.lists.ListCommands;
import dev.cinnabar.pubsub.PubSubCommands;
import dev.cinnabar.transactions.TransactionCommands;
import dev.cinnabar.persistence.PersistenceCommands;
import dev.cinnabar.scripting.FunctionCommands;
import dev.cinnabar.scripting.ScriptingCommands;
import dev.cinnabar.hashes.HashCommands;
import dev.cinnabar.hyperloglog.HllCommands;
import dev.cinnabar.json.JsonCommands;
import dev.cinnabar.sets.SetCommands;
import dev.cinnabar.streams.StreamCommands;
import dev.cinnabar.strings.StringCommands;
import dev.cinnabar.tracking.TrackingCommands;
import dev.cinnabar.zsets.ZsetCommands;

/** The command groups that make up the server; each registers its handlers with the table builder. */
public final class Commands {
    private Commands() {}

    public static CommandTable table() {
        CommandTable.Builder builder = new CommandTable.Builder();
        ConnectionCommands.register(builder);
        ClientCommands.register(builder);
        StringCommands.register(builder);
        GenericCommands.register(builder);
        ListCommands.register(builder);
        HashCommands.register(builder);
        SetCommands.register(builder);
        ServerCommands.register(builder);
        CommandCommands.register(builder);
        ZsetCommands.register(builder);
        PubSubCommands.register(builder);
        TransactionCommands.register(builder);
        PersistenceCommands.register(builder);
        TrackingCommands.register(builder);
        ScriptingCommands.register(builder);
        FunctionCommands.register(builder);
        BitmapCommands.register(builder);
        HllCommands.register(builder);
        JsonCommands.register(builder);
        GeoCommands.register(builder);
        StreamCommands.register(builder);
        AclCommands.register(builder);
        DiagnosticsCommands.register(builder);
        MemoryCommands.register(builder);
        return builder.build();
    }
}
