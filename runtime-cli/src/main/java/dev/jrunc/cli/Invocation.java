package dev.jrunc.cli;

import picocli.CommandLine.ParseResult;

/** What a command runs with: its own matched values, typed, and the jrunc root (globals, log, context). */
record Invocation(JruncCommand jrunc, ParseResult parsed) {
    String value(String option, String otherwise) {
        return parsed.matchedOptionValue(option, otherwise);
    }

    boolean flag(String option) {
        return parsed.matchedOptionValue(option, Boolean.FALSE);
    }

    int number(String option, int otherwise) {
        return parsed.matchedOptionValue(option, otherwise);
    }

    boolean has(String option) {
        return parsed.hasMatchedOption(option);
    }

    /** Every positional argument from {@code from} on (ps's arguments for the host's ps). */
    java.util.List<String> positionalsFrom(int from) {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (var p : parsed.matchedPositionals()) {
            all.addAll(p.stringValues());
        }
        return from >= all.size() ? java.util.List.of() : all.subList(from, all.size());
    }

    String positional(int index, String otherwise) {
        return parsed.matchedPositionalValue(index, otherwise);
    }

    GlobalOptions globals() {
        return jrunc.globals();
    }
}
