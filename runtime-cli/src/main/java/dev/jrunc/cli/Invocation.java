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

    String positional(int index, String otherwise) {
        return parsed.matchedPositionalValue(index, otherwise);
    }

    GlobalOptions globals() {
        return jrunc.globals();
    }
}
