/*
 * The log format of runtime-cli's RuntimeLog, byte for byte (RuntimeLogFormatTest compares
 * the two): JSON lines {"level":…,"msg":…,"time":…} or logrus text, appended to --log, or
 * written to stderr. Time: UTC, whole seconds, RFC 3339 with "Z".
 * One difference by design: the text format's "needs quoting" test looks at bytes, so a
 * message with any non-ASCII byte is always quoted (Java asks Character.isLetterOrDigit).
 */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Every message we log is one of our own short texts plus a path or two. */
#define LINE_MAX_BYTES 16384

static const char *log_file;
static int log_json;

void log_configure(const char *file, int json)
{
	log_file = file != NULL && file[0] != '\0' ? file : NULL;
	log_json = json;
}

int log_option(int argc, char **argv, int *i)
{
	if (strcmp(argv[*i], "--log") == 0 && *i + 1 < argc) {
		log_configure(argv[++*i], log_json);
		return 1;
	}
	if (strcmp(argv[*i], "--log-format") == 0 && *i + 1 < argc) {
		const char *f = argv[++*i];
		if (strcmp(f, "json") != 0 && strcmp(f, "text") != 0)
			return -1;
		log_configure(log_file, strcmp(f, "json") == 0);
		return 1;
	}
	return 0;
}

/* Appends s (n bytes) to buf at *at; 0, or -1 when it does not fit (NUL kept in reserve). */
static int put(char *buf, size_t cap, size_t *at, const char *s, size_t n)
{
	if (n >= cap - *at)
		return -1;
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
	return 0;
}

static int put_s(char *buf, size_t cap, size_t *at, const char *s)
{
	return put(buf, cap, at, s, strlen(s));
}

/* RuntimeLog.jsonString: Go's encoding/json escapes, HTML characters included. */
static int put_json(char *buf, size_t cap, size_t *at, const char *s)
{
	if (put_s(buf, cap, at, "\"") < 0)
		return -1;
	for (const unsigned char *p = (const unsigned char *)s; *p != 0; p++) {
		char esc[8];
		const char *out = esc;
		switch (*p) {
		case '"': out = "\\\""; break;
		case '\\': out = "\\\\"; break;
		case '\n': out = "\\n"; break;
		case '\r': out = "\\r"; break;
		case '\t': out = "\\t"; break;
		case '<': out = "\\u003c"; break;
		case '>': out = "\\u003e"; break;
		case '&': out = "\\u0026"; break;
		default:
			if (*p < 0x20)
				snprintf(esc, sizeof esc, "\\u%04x", *p);
			else {
				esc[0] = (char)*p;
				esc[1] = '\0';
			}
		}
		if (put_s(buf, cap, at, out) < 0)
			return -1;
	}
	return put_s(buf, cap, at, "\"");
}

static int plain_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("-._/@^+", c) != NULL);
}

/* RuntimeLog.goQuote: bare when every character is safe, else quoted with four escapes. */
static int put_go(char *buf, size_t cap, size_t *at, const char *s)
{
	int plain = s[0] != '\0';
	for (const unsigned char *p = (const unsigned char *)s; plain && *p != 0; p++)
		plain = plain_byte(*p);
	if (plain)
		return put_s(buf, cap, at, s);
	if (put_s(buf, cap, at, "\"") < 0)
		return -1;
	for (const char *p = s; *p != 0; p++) {
		const char *out;
		char one[2] = { *p, '\0' };
		switch (*p) {
		case '"': out = "\\\""; break;
		case '\\': out = "\\\\"; break;
		case '\n': out = "\\n"; break;
		case '\t': out = "\\t"; break;
		default: out = one;
		}
		if (put_s(buf, cap, at, out) < 0)
			return -1;
	}
	return put_s(buf, cap, at, "\"");
}

int log_format_line(char *buf, size_t cap, const char *level, const char *message, const char *time)
{
	size_t at = 0;
	int rc;
	if (cap == 0)
		return -1;
	buf[0] = '\0';
	if (log_json)
		rc = put_s(buf, cap, &at, "{\"level\":\"") | put_s(buf, cap, &at, level) |
		     put_s(buf, cap, &at, "\",\"msg\":") | put_json(buf, cap, &at, message) |
		     put_s(buf, cap, &at, ",\"time\":\"") | put_s(buf, cap, &at, time) |
		     put_s(buf, cap, &at, "\"}");
	else
		rc = put_s(buf, cap, &at, "time=\"") | put_s(buf, cap, &at, time) |
		     put_s(buf, cap, &at, "\" level=") | put_s(buf, cap, &at, level) |
		     put_s(buf, cap, &at, " msg=") | put_go(buf, cap, &at, message);
	return rc < 0 ? -1 : (int)at;
}

/* Whole writes only: a short write to a log file would leave half a JSON object. */
static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static void print_stderr(const char *s)
{
	if (write_all(2, s, strlen(s)) < 0 || write_all(2, "\n", 1) < 0)
		return; /* nowhere left to report to */
}

static void log_entry(const char *level, const char *message)
{
	char timebuf[32], line[LINE_MAX_BYTES + 2];
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm) == NULL || strftime(timebuf, sizeof timebuf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(timebuf, sizeof timebuf, "1970-01-01T00:00:00Z");
	int n = log_format_line(line, LINE_MAX_BYTES, level, message, timebuf);
	if (n < 0) {
		/* Too long to encode whole: the plain text still reaches stderr. */
		print_stderr(message);
		return;
	}
	line[n++] = '\n';
	if (log_file == NULL) {
		if (write_all(2, line, (size_t)n) < 0)
			return;
		return;
	}
	/* As FileOutputStream(file, true): created 0666 minus umask, appended to. */
	int fd = open(log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0 || write_all(fd, line, (size_t)n) < 0)
		print_stderr(message);
	if (fd >= 0)
		close(fd);
	print_stderr(message);
}

void log_error(const char *message)
{
	log_entry("error", message);
}

void log_warning(const char *message)
{
	log_entry("warning", message);
}
