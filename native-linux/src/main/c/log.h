/*
 * runc's log for the commands jrunc-init finishes for the JVM (start, kill, delete): the
 * same bytes as runtime-cli's RuntimeLog, so a client cannot tell which side failed.
 */
#ifndef JRUNC_LOG_H
#define JRUNC_LOG_H

#include <stddef.h>

/* file NULL or "" = stderr; json = 1 for --log-format json, 0 for text. */
void log_configure(const char *file, int json);
/*
 * If argv[*i] is --log or --log-format (with its value), consumes it and returns 1;
 * returns -1 for a bad value, 0 when argv[*i] is something else.
 */
int log_option(int argc, char **argv, int *i);
/* One error entry; when the log is a file the plain message also goes to stderr. */
void log_error(const char *message);
/* One warning entry, written where log_error writes. */
void log_warning(const char *message);
/* The line for one entry (no newline) into buf; returns its length, or -1 if cap is too small. */
int log_format_line(char *buf, size_t cap, const char *level, const char *message, const char *time);

#endif
