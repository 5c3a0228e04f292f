package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerQuery;
import dev.jrunc.core.lifecycle.ContainerQuery.Listing;
import dev.jrunc.core.spec.GoTime;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

final class ListCommand implements CliCommand, GoStyleUsageErrors.ArgCount {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "list", "lists containers started by jrunc with the given root")
                .addOption(Specs.value("<table|json>", "select one of: table or json (default: \"table\")", "-f", "--format"))
                .addOption(Specs.flag("<quiet>", "display only container IDs", "-q", "--quiet"));
    }

    @Override
    public String argumentRule() {
        return "requires exactly 0 argument(s)";
    }

    @Override
    public void run(Invocation in) {
        JruncCommand jrunc = in.jrunc();
        String format = in.value("--format", "table");
        if (!format.equals("table") && !format.equals("json")) {
            throw new JruncException("invalid format option");
        }
        ContainerQuery query = new ContainerQuery(jrunc.context());
        Listing listing = query.list(in.globals().root() != null, message -> jrunc.reportError(message));
        if (in.flag("--quiet")) {
            listing.states().forEach(s -> jrunc.out().println(s.id()));
        } else if (format.equals("json")) {
            jrunc.out().println(query.listJson(listing));
        } else {
            printTable(jrunc, listing);
        }
    }

    private static void printTable(JruncCommand jrunc, Listing listing) {
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
        listing.states().forEach(s -> rows.add(new String[] {
                s.id(), Integer.toString(s.pid()), s.status().wireName(), s.bundle(), GoTime.format(s.created()), s.owner()}));
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 3));
                }
            }
            jrunc.out().println(line.toString().stripTrailing());
        }
    }
}
