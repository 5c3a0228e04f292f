/*
 * start, kill, delete: the native half of commands whose every decision the JVM already
 * took (status checks, which pids, which directories). bin/jrunc execve()s us in its own
 * pid once the JVM has exited, so these commands need no FFI binding in the JVM
 * (docs/init-protocol.md, section 7). Failures are reported through runc's log format,
 * worded as the Java side words them, and exit 1.
 */
#include "cleanup.h"
#include "hooks.h"
#include "log.h"
#include "notify.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/pidfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CGROUPS 64
/* runc's delete --force waits this long for the init to die. */
#define KILL_WAIT_MILLIS 10000

int start_main(int argc, char **argv);
int kill_main(int argc, char **argv);
int delete_main(int argc, char **argv);
void wait_execve(int fifo_fd, int millis);

static _Noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void fail(const char *fmt, ...)
{
	char msg[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error(msg);
	exit(1);
}

/* A malformed handoff is a bug between bin/jrunc, the JVM and us, not a user error. */
static _Noreturn void usage(const char *mode, const char *why)
{
	dprintf(2, "jrunc-init %s: %s\n", mode, why);
	exit(255);
}

static int parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static pid_t parse_pid(const char *mode, const char *s)
{
	long long v;
	if (parse_num(s, 1, INT_MAX, &v) < 0)
		usage(mode, "bad pid");
	return (pid_t)v;
}

/* "PID:STARTTIME", the init's identity as state.json records it (0:0 = none). */
static void parse_init(const char *mode, const char *s, pid_t *pid, unsigned long long *start)
{
	char copy[64];
	long long p, t;
	if (strlen(s) >= sizeof copy)
		usage(mode, "bad --init");
	strcpy(copy, s);
	char *colon = strchr(copy, ':');
	if (colon == NULL)
		usage(mode, "bad --init");
	*colon = '\0';
	if (parse_num(copy, 0, INT_MAX, &p) < 0 || parse_num(colon + 1, 0, LLONG_MAX, &t) < 0)
		usage(mode, "bad --init");
	*pid = (pid_t)p;
	*start = (unsigned long long)t;
}

/*
 * A pidfd on the init if it is still the process the state records: alive, not a zombie,
 * same start time (field 22 of /proc/PID/stat). Taken before the check, so a pid reused
 * after it still cannot be signalled by mistake: the pidfd names the process, not the
 * number. -1 when the init is gone.
 */
static int open_init(pid_t pid, unsigned long long start)
{
	if (pid <= 0)
		return -1;
	int fd = pidfd_open(pid, 0);
	if (fd < 0) {
		if (errno == ESRCH)
			return -1;
		fail("pidfd_open %d: %s", (int)pid, strerror(errno));
	}
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int sfd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = sfd < 0 ? -1 : read(sfd, buf, sizeof buf - 1);
	if (sfd >= 0)
		close(sfd);
	if (n <= 0) {
		close(fd);
		return -1;
	}
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: fields start after the last ')'. */
	char *p = strrchr(buf, ')');
	char state = 0;
	unsigned long long t = 0;
	int field = 2;
	for (char *save = NULL, *tok = p == NULL ? NULL : strtok_r(p + 1, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		field++;
		if (field == 3)
			state = tok[0];
		if (field == 22) {
			t = strtoull(tok, NULL, 10);
			break;
		}
	}
	if (field != 22 || t != start || state == 'Z' || state == 'X' || state == 'x') {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Waits (at most millis) until the fifo has no reader left: the init holds it open until its
 * execve closes it (or it dies), so the poststart hooks run after the process started,
 * as runtime-spec says. A writer's fd reports EPOLLERR without readers; nothing else is asked for.
 */
void wait_execve(int fifo_fd, int millis)
{
	/* Best effort: without the wait the hooks merely race the execve. */
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return;
	struct epoll_event ev = { .events = 0 };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fifo_fd, &ev) < 0) {
		close(ep);
		return;
	}
	struct epoll_event got;
	int r;
	do
		r = epoll_wait(ep, &got, 1, millis);
	while (r < 0 && errno == EINTR);
	close(ep);
}

/*
 * How long start waits for the init's execve: 10 s, plus the startContainer hooks' own
 * timeouts (60 s for a hook without one), which the init runs first.
 */
static int start_wait_millis(const struct plan *hooks)
{
	long long ms = KILL_WAIT_MILLIS;
	for (size_t i = 0; i < hooks->n_hooks; i++)
		if (hooks->hooks[i].kind == HOOK_START_CONTAINER)
			ms += (hooks->hooks[i].timeout > 0 ? (long long)hooks->hooks[i].timeout : 60) * 1000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * After wait_execve: a failed startContainer hook left its error text in the fifo before
 * the init exited (process.c). We still hold a writer, so the pipe and its data live on;
 * a reader opened through our fd (the name is gone) gets it. Empty: the process was executed.
 */
static void check_start_hooks(int fifo_fd)
{
	char path[64], text[PIPE_BUF + 1];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fifo_fd);
	int rd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (rd < 0)
		fail("reopen exec fifo: %s", strerror(errno));
	ssize_t n;
	do
		n = read(rd, text, sizeof text - 1);
	while (n < 0 && errno == EINTR);
	close(rd);
	if (n > 0) {
		text[n] = '\0';
		fail("%s", text);
	}
}

/* The runtime's hooks the JVM found in the state directory; an empty plan without them. */
static void load_hooks(const char *file, struct plan *hooks)
{
	char err[512];
	if (file != NULL && hooks_load(file, hooks, err, sizeof err) < 0)
		fail("%s", err);
}

/*
 * The start half of the exec fifo handshake (docs/init-protocol.md, "The exec fifo"), then
 * the poststart hooks (--hooks FILE --pid P), whose failures are warnings (runtime-spec).
 */
int start_main(int argc, char **argv)
{
	const char *fifo = NULL, *hooks_file = NULL;
	pid_t pid = 0;
	static struct plan hooks;
	for (int i = 1; i < argc; i++) {
		int r = log_option(argc, argv, &i);
		if (r < 0)
			usage("start", "bad --log-format");
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--fifo") == 0 && i + 1 < argc)
			fifo = argv[++i];
		else if (strcmp(argv[i], "--hooks") == 0 && i + 1 < argc)
			hooks_file = argv[++i];
		else if (strcmp(argv[i], "--pid") == 0 && i + 1 < argc)
			pid = parse_pid("start", argv[++i]);
		else
			usage("start", "bad arguments");
	}
	if (fifo == NULL)
		usage("start", "--fifo is required");
	load_hooks(hooks_file, &hooks);
	/* Bound before the process runs: it may notify first thing. */
	int notify = notify_open(fifo);
	if (notify < 0 && errno != 0)
		fail("notify socket: %s", strerror(errno));
	if (notify >= 0 && pid <= 0)
		usage("start", "--pid is required with a notify socket");

	/* Never blocks: with no reader (the init is gone) it fails with ENXIO. */
	int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENXIO)
			fail("exec fifo is empty: container init did not signal execve readiness");
		fail("open exec fifo %s: %s", fifo, strerror(errno));
	}
	ssize_t w;
	do
		w = write(fd, "0", 1);
	while (w < 0 && errno == EINTR);
	if (w != 1)
		fail("write exec fifo: %s", strerror(w < 0 ? errno : EIO));
	if (unlink(fifo) < 0 && errno != ENOENT)
		fail("remove exec fifo: %s: %s", fifo, strerror(errno));
	int starthooks = hooks_any(&hooks, HOOK_START_CONTAINER);
	if (starthooks || hooks_any(&hooks, HOOK_POSTSTART))
		wait_execve(fd, start_wait_millis(&hooks));
	if (starthooks)
		check_start_hooks(fd);
	hooks_run_warn(&hooks, HOOK_POSTSTART, "running", (int)pid);
	if (close(fd) < 0)
		fail("close exec fifo: %s", strerror(errno));
	if (notify >= 0) {
		/* As runc: start returns once the container is ready, or gone. */
		int pidfd = pidfd_open(pid, 0);
		if (pidfd < 0 && errno != ESRCH)
			fail("pidfd_open %d: %s", (int)pid, strerror(errno));
		if (pidfd >= 0 && notify_wait(notify, pidfd, pid) < 0)
			fail("notify socket: forward to %s: %s", getenv("NOTIFY_SOCKET"), strerror(errno));
		if (pidfd >= 0)
			close(pidfd);
		close(notify);
	}
	return 0;
}

/* Signals pids (ESRCH is fine: such a process has just exited). */
static void signal_pids(int argc, char **argv, const char *mode, int sig, const char *name)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--pid") != 0)
			continue;
		pid_t pid = parse_pid(mode, argv[++i]);
		if (kill(pid, sig) < 0 && errno != ESRCH)
			fail("kill %d %s: %s", (int)pid, name, strerror(errno));
	}
}

/*
 * kill --signal N --signal-name NAME [--init PID:START] [--pid P]... [--all]
 * The --pid list first (cgroup members, when Java says so), then the init; a gone init
 * is "container not running" unless --all.
 */
int kill_main(int argc, char **argv)
{
	long long sig = -1;
	const char *name = NULL;
	pid_t init = 0;
	unsigned long long start = 0;
	int has_init = 0, all = 0;
	for (int i = 1; i < argc; i++) {
		int r = log_option(argc, argv, &i);
		if (r < 0)
			usage("kill", "bad --log-format");
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--signal") == 0 && i + 1 < argc) {
			if (parse_num(argv[++i], 0, 64, &sig) < 0)
				usage("kill", "bad --signal");
		} else if (strcmp(argv[i], "--signal-name") == 0 && i + 1 < argc) {
			name = argv[++i];
		} else if (strcmp(argv[i], "--init") == 0 && i + 1 < argc) {
			parse_init("kill", argv[++i], &init, &start);
			has_init = 1;
		} else if (strcmp(argv[i], "--pid") == 0 && i + 1 < argc) {
			parse_pid("kill", argv[++i]);
		} else if (strcmp(argv[i], "--all") == 0) {
			all = 1;
		} else {
			usage("kill", "bad arguments");
		}
	}
	if (sig < 0 || name == NULL)
		usage("kill", "--signal and --signal-name are required");

	signal_pids(argc, argv, "kill", (int)sig, name);
	if (!has_init)
		return 0;
	int fd = open_init(init, start);
	if (fd < 0) {
		if (all)
			return 0;
		fail("container not running");
	}
	if (pidfd_send_signal(fd, (int)sig, NULL, 0) < 0) {
		if (errno != ESRCH)
			fail("kill %d %s: %s", (int)init, name, strerror(errno));
		if (!all)
			fail("container not running");
	}
	close(fd);
	return 0;
}

/*
 * delete [--init PID:START] [--pid P]... [--cgroup DIR]... [--state-dir DIR] [--hooks FILE]
 * SIGKILL the --pid list and the init, wait (pidfd, not our child) until the init is
 * gone, then remove the cgroups and the state directory as the supervisor does, then run
 * the poststop hooks (read before, the file is in the state directory); their failures
 * are warnings and the delete still succeeds (runtime-spec).
 */
int delete_main(int argc, char **argv)
{
	const char *cgroups[MAX_CGROUPS], *state_dir = NULL, *hooks_file = NULL;
	static struct plan hooks;
	int ncg = 0, has_init = 0;
	pid_t init = 0;
	unsigned long long start = 0;
	for (int i = 1; i < argc; i++) {
		int r = log_option(argc, argv, &i);
		if (r < 0)
			usage("delete", "bad --log-format");
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--init") == 0 && i + 1 < argc) {
			parse_init("delete", argv[++i], &init, &start);
			has_init = 1;
		} else if (strcmp(argv[i], "--pid") == 0 && i + 1 < argc) {
			parse_pid("delete", argv[++i]);
		} else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
			if (ncg >= MAX_CGROUPS)
				usage("delete", "too many --cgroup");
			cgroups[ncg++] = argv[++i];
		} else if (strcmp(argv[i], "--state-dir") == 0 && i + 1 < argc) {
			state_dir = argv[++i];
		} else if (strcmp(argv[i], "--hooks") == 0 && i + 1 < argc) {
			hooks_file = argv[++i];
		} else {
			usage("delete", "bad arguments");
		}
	}
	load_hooks(hooks_file, &hooks);

	signal_pids(argc, argv, "delete", SIGKILL, "SIGKILL");
	int fd = has_init ? open_init(init, start) : -1;
	if (fd >= 0) {
		if (pidfd_send_signal(fd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
			fail("kill %d SIGKILL: %s", (int)init, strerror(errno));
		/* A pidfd polls readable once the process has exited (a zombie counts as gone). */
		long long deadline = monotonic_millis() + KILL_WAIT_MILLIS;
		for (;;) {
			long long left = deadline - monotonic_millis();
			if (left <= 0)
				fail("container init still running");
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int r = poll(&pfd, 1, (int)left);
			if (r < 0 && errno != EINTR)
				fail("poll pidfd of %d: %s", (int)init, strerror(errno));
			if (r > 0)
				break;
		}
		close(fd);
	}
	for (int i = 0; i < ncg; i++)
		remove_cgroup_tree(cgroups[i]);
	if (state_dir != NULL)
		remove_state_dir(state_dir);
	hooks_run_warn(&hooks, HOOK_POSTSTOP, "stopped", 0);
	return 0;
}
