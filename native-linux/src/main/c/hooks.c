/*
 * Lifecycle hooks (runtime-spec config.md, "POSIX-platform Hooks"). Each hook is a fork +
 * execve of its path with the container's state JSON on stdin. Its stdout and stderr are
 * captured for the error text, as runc does (they are not the container's or the caller's
 * streams). A timeout is kept with a pidfd in poll(); on expiry the hook is SIGKILLed.
 * Which hooks run where, and what a failure means, is decided by the callers.
 */
#include "hooks.h"
#include "log.h"
#include "sys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC 4u
#endif

/* Enough of a hook's output to say why it failed; the rest is read and dropped. */
#define CAPTURE_MAX 2048

struct capture {
	char buf[CAPTURE_MAX + 1];
	size_t len;
};

static const char *const kind_names[] = {
	[HOOK_PRESTART] = "prestart", [HOOK_CREATE_RUNTIME] = "createRuntime",
	[HOOK_CREATE_CONTAINER] = "createContainer", [HOOK_START_CONTAINER] = "startContainer",
	[HOOK_POSTSTART] = "poststart", [HOOK_POSTSTOP] = "poststop",
};

const char *hook_kind_name(uint32_t kind)
{
	return kind >= HOOK_PRESTART && kind <= HOOK_POSTSTOP ? kind_names[kind] : "?";
}

int hooks_any(const struct plan *p, uint32_t kind)
{
	for (size_t i = 0; i < p->n_hooks; i++)
		if (p->hooks[i].kind == kind)
			return 1;
	return 0;
}

/* The spec's state: the JVM rendered everything but status and pid (runc's field order). */
static char *state_json(const struct plan *p, const char *status, int pid, size_t *len)
{
	const char *head = p->state_head != NULL ? p->state_head : "{";
	const char *tail = p->state_tail != NULL ? p->state_tail : "}";
	char mid[96];
	if (pid > 0)
		snprintf(mid, sizeof mid, "\"status\":\"%s\",\"pid\":%d", status, pid);
	else
		snprintf(mid, sizeof mid, "\"status\":\"%s\"", status);
	size_t n = strlen(head) + strlen(mid) + strlen(tail);
	char *s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	snprintf(s, n + 1, "%s%s%s", head, mid, tail);
	*len = n;
	return s;
}

/* Reads what is there; returns 0 at EOF or on error (the stream is then closed). */
static int drain(int fd, struct capture *c)
{
	char tmp[4096];
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof tmp);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 1;
		if (n <= 0)
			return 0;
		size_t room = CAPTURE_MAX - c->len, take = (size_t)n < room ? (size_t)n : room;
		memcpy(c->buf + c->len, tmp, take);
		c->len += take;
	}
}

/* One line: trailing newlines dropped, inner ones become spaces. */
static const char *text(struct capture *c)
{
	while (c->len > 0 && (c->buf[c->len - 1] == '\n' || c->buf[c->len - 1] == '\r'))
		c->len--;
	c->buf[c->len] = '\0';
	for (size_t i = 0; i < c->len; i++)
		if (c->buf[i] == '\n' || c->buf[i] == '\r' || c->buf[i] == '\0')
			c->buf[i] = ' ';
	return c->buf;
}

static _Noreturn void child(const struct plan_hook *h, int in, int out, int err, int ex)
{
	reset_signals();
	/* Above 2 first: a caller that ran us with a closed stdio fd may have had a pipe land there. */
	ex = fcntl(ex, F_DUPFD_CLOEXEC, 3);
	in = fcntl(in, F_DUPFD_CLOEXEC, 3);
	out = fcntl(out, F_DUPFD_CLOEXEC, 3);
	err = fcntl(err, F_DUPFD_CLOEXEC, 3);
	if (ex < 0)
		_exit(127);
	if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
		int e = errno;
		if (write(ex, &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	/* Nothing of the runtime's may reach the hook; ex closes itself on a good execve. */
	if (sys_close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		for (int fd = 3; fd < 1024; fd++)
			if (fd != ex)
				close(fd);
	}
	char *one[] = { h->path, NULL };
	char **argv = h->n_args > 0 ? h->args : one;
	execve(h->path, argv, h->env);
	int e = errno;
	if (write(ex, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

static void lower_first(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s);
	dst[0] = (char)tolower((unsigned char)dst[0]);
}

/* Runs one hook. 0, or -1 with the reason (without the "error running ..." prefix) in err. */
static int run_one(const struct plan_hook *h, const char *state, size_t state_len, char *err, size_t errlen)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, er[2] = { -1, -1 }, ex[2] = { -1, -1 };
	static struct capture cout, cerr;
	int rc = -1;
	cout.len = cerr.len = 0;
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(er, O_CLOEXEC) < 0 ||
	    pipe2(ex, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto close_all;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto close_all;
	}
	if (pid == 0)
		child(h, in[0], out[1], er[1], ex[1]);
	close(in[0]);
	close(out[1]);
	close(er[1]);
	close(ex[1]);
	in[0] = out[1] = er[1] = ex[1] = -1;

	int st, e = 0;
	ssize_t n;
	do
		n = read(ex[0], &e, sizeof e);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof e) {
		char why[256];
		lower_first(why, sizeof why, strerror(e));
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		snprintf(err, errlen, "fork/exec %s: %s", h->path, why);
		goto close_all;
	}

	int pidfd = pidfd_open(pid, 0);
	if (pidfd < 0) {
		snprintf(err, errlen, "pidfd_open %d: %s", (int)pid, strerror(errno));
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		goto close_all;
	}
	/* Our ends only: the hook's stdin and output stay blocking for it. */
	if (fcntl(in[1], F_SETFL, O_NONBLOCK) < 0 || fcntl(out[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(er[0], F_SETFL, O_NONBLOCK) < 0) {
		snprintf(err, errlen, "hook pipes: %s", strerror(errno));
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		close(pidfd);
		goto close_all;
	}
	size_t sent = 0;
	long long deadline = h->timeout > 0 ? monotonic_millis() + (long long)h->timeout * 1000 : -1;
	int timed_out = 0;
	for (;;) {
		struct pollfd pf[4] = {
			{ .fd = pidfd, .events = POLLIN },
			{ .fd = in[1], .events = POLLOUT },
			{ .fd = out[0], .events = POLLIN },
			{ .fd = er[0], .events = POLLIN },
		};
		int wait = -1;
		if (deadline >= 0) {
			long long left = deadline - monotonic_millis();
			if (left <= 0) {
				timed_out = 1;
				break;
			}
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		int r = poll(pf, 4, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			timed_out = -1;
			break;
		}
		if (pf[1].revents != 0) {
			ssize_t w = write(in[1], state + sent, state_len - sent);
			if (w > 0)
				sent += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == state_len) {
				close(in[1]);	/* EOF after the state; EPIPE: the hook did not want it */
				in[1] = -1;
			}
		}
		if (pf[2].revents != 0 && !drain(out[0], &cout)) {
			close(out[0]);
			out[0] = -1;
		}
		if (pf[3].revents != 0 && !drain(er[0], &cerr)) {
			close(er[0]);
			er[0] = -1;
		}
		if (pf[0].revents != 0)
			break;
	}
	if (timed_out != 0)
		pidfd_send_signal(pidfd, SIGKILL, NULL, 0);
	close(pidfd);
	/* Whatever it wrote before exiting; a descendant holding the pipes is not waited for. */
	if (out[0] >= 0)
		drain(out[0], &cout);
	if (er[0] >= 0)
		drain(er[0], &cerr);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			if (timed_out == 0)
				snprintf(err, errlen, "waitpid %d: %s", (int)pid, strerror(errno));
			timed_out = timed_out == 0 ? -1 : timed_out;
			break;
		}
	if (timed_out > 0) {
		snprintf(err, errlen, "hook ran past specified timeout of %u.0s", h->timeout);
		goto close_all;
	}
	if (timed_out < 0)
		goto close_all;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		rc = 0;
		goto close_all;
	}
	char how[96];
	if (WIFEXITED(st)) {
		snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(st));
	} else {
		char sig[64];
		lower_first(sig, sizeof sig, strsignal(WTERMSIG(st)));
		snprintf(how, sizeof how, "signal: %s", sig);
	}
	snprintf(err, errlen, "%s, stdout: %s, stderr: %s", how, text(&cout), text(&cerr));
close_all:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (er[i] >= 0)
			close(er[i]);
		if (ex[i] >= 0)
			close(ex[i]);
	}
	return rc;
}

int hooks_run(const struct plan *p, uint32_t kind, const char *status, int pid, char *err, size_t errlen)
{
	if (!hooks_any(p, kind))
		return 0;
	size_t len;
	char *state = state_json(p, status, pid, &len);
	if (state == NULL)
		return snprintf(err, errlen, "hook state: %s", strerror(ENOMEM)), -1;
	/* A hook that exits without reading its stdin must not kill us with SIGPIPE. */
	struct sigaction ign, old;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	int rc = 0, index = 0;
	for (size_t i = 0; i < p->n_hooks && rc == 0; i++) {
		if (p->hooks[i].kind != kind)
			continue;
		char why[CAPTURE_MAX * 2 + 512];
		if (run_one(&p->hooks[i], state, len, why, sizeof why) < 0) {
			snprintf(err, errlen, "error running %s hook #%d: %s", hook_kind_name(kind), index, why);
			rc = -1;
		}
		index++;
	}
	sigaction(SIGPIPE, &old, NULL);
	free(state);
	return rc;
}

void hooks_run_warn(const struct plan *p, uint32_t kind, const char *status, int pid)
{
	if (!hooks_any(p, kind))
		return;
	size_t len;
	char *state = state_json(p, status, pid, &len);
	if (state == NULL) {
		log_warning("hook state: out of memory");
		return;
	}
	struct sigaction ign, old;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	int index = 0;
	for (size_t i = 0; i < p->n_hooks; i++) {
		if (p->hooks[i].kind != kind)
			continue;
		char why[CAPTURE_MAX * 2 + 512], line[CAPTURE_MAX * 2 + 600];
		if (run_one(&p->hooks[i], state, len, why, sizeof why) < 0) {
			snprintf(line, sizeof line, "error running %s hook #%d: %s", hook_kind_name(kind), index, why);
			log_warning(line);
		}
		index++;
	}
	sigaction(SIGPIPE, &old, NULL);
	free(state);
}

int hooks_load(const char *path, struct plan *p, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return snprintf(err, errlen, "open hooks %s: %s", path, strerror(errno)), -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < PLAN_HEADER_LEN ||
	    (uintmax_t)st.st_size > PLAN_MAX_TOTAL) {
		close(fd);
		return snprintf(err, errlen, "hooks %s: not a hooks file", path), -1;
	}
	size_t size = (size_t)st.st_size, got = 0;
	unsigned char *buf = malloc(size);
	if (buf == NULL) {
		close(fd);
		return snprintf(err, errlen, "hooks: %s", strerror(ENOMEM)), -1;
	}
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "read hooks %s: %s", path, n < 0 ? strerror(errno) : "short read");
			free(buf);
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	char why[256];
	int rc = plan_parse(buf, size, p, why, sizeof why);
	free(buf);
	if (rc < 0)
		return snprintf(err, errlen, "hooks %s: %s", path, why), -1;
	return 0;
}
