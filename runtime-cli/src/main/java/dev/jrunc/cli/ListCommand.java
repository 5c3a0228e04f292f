package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerQuery;
import dev.jrunc.core.lifecycle.ContainerQuery.Listing;
import dev.jrunc.core.spec.GoTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;

@Command(name = "list", description = "lists containers started by jrunc with the given root")
final class ListCommand implements Runnable, GoStyleUsageErrors.ArgCount {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Option(names = {"-f", "--format"}, paramLabel = "<table|json>", description = "select one of: table or json (default: \"table\")")
    String format = "table";

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "display only container IDs")
    boolean quiet;

    @Override
    public String argumentRule() {
        return "requires exactly 0 argument(s)";
    }

    @Override
    public void run() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new JruncException("invalid format option");
        }
        ContainerQuery query = new ContainerQuery(jrunc.context());
        Listing listing = query.list(jrunc.root != null, message -> jrunc.reportError(message));
        if (quiet) {
            listing.states().forEach(s -> jrunc.out().println(s.id()));
        } else if (format.equals("json")) {
            jrunc.out().println(query.listJson(listing));
        } else {
            printTable(listing);
        }
    }

    private void printTable(Listing listing) {
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
