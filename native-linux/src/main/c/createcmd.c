/*
 * create: the native half of `jrunc create` and `jrunc run`. The JVM decided everything
 * (validated the config, made the state directory and the cgroups with their limits,
 * compiled the plan, wrote the state record as state.json.pending); bin/jrunc then
 * execve()s us in its own pid, so the JVM needs no FFI binding (docs/init-protocol.md,
 * section 7). We run the init protocol the JVM used to run (section 2), publish the state
 * and, for `run`, go on to start or supervise the container in this same process: the init
 * is our child (stage 0 clones it with CLONE_PARENT), so we can reap it.
 *
 *   create --state-dir DIR --plan FILE --fifo PATH --nfds N [--uid-map TEXT --gid-map TEXT
 *          [--uid-map-tool NEWUIDMAP] [--gid-map-tool NEWGIDMAP] [--deny-setgroups]]
 *          [--cgroup DIR]... [--pid-file PATH] [--hooks FILE]
 *          [--pidfd-socket PATH]
 *          [--then-start | --then-supervise [--subreaper] [--keep] [--tty-socket PATH]]
 *          [--seccomp-listener PATH --seccomp-state PART0 --seccomp-state PART1 --seccomp-state PART2]
 *
 * --tty-socket: a foreground run with a terminal. The JVM put PATH (in the state directory)
 * into the plan as the console socket; we listen there, take the pty master the init sends
 * and hand it to the supervisor, which is the caller's terminal (tty.c).
 *
 * A failure takes everything down again (init, cgroups, state directory), reports what
 * ContainerCreator reported in the same words, and exits 1.
 */
#include "cleanup.h"
#include "hooks.h"
#include "idmap.h"
#include "listener.h"
#include "log.h"
#include "msg.h"
#include "planfile.h"
#include "sys.h"
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CGROUPS 64
#define MAX_PRESERVE_FDS 65536
/* As long as ContainerCreator waited for each message. */
#define INIT_TIMEOUT_MILLIS 60000
#define PENDING_STATE "state.json.pending"

int create_main(int argc, char **argv);
int supervise_main(int argc, char **argv);
int start_main(int argc, char **argv);

/* What a failure must take down; filled in as the steps go. */
static struct {
	const char *state_dir;
	const char *cgroups[MAX_CGROUPS];
	int ncg;
	pid_t stage0, init;
} undo;

static _Noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void fail(const char *fmt, ...)
{
	char msg[4200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* The init is our child through CLONE_PARENT: reaped, its cgroup empties. */
	if (undo.init > 0)
		kill_and_reap(undo.init);
	if (undo.stage0 > 0)
		kill_and_reap(undo.stage0);
	for (int i = 0; i < undo.ncg; i++)
		remove_cgroup_tree(undo.cgroups[i]);
	if (undo.state_dir != NULL)
		remove_state_dir(undo.state_dir);
	log_error(msg);
	exit(1);
}

static _Noreturn void usage(const char *why)
{
	dprintf(2, "jrunc-init create: %s\n", why);
	exit(255);
}

/* The plan as the JVM left it, read and unlinked (planfile.c). */
static unsigned char *read_plan(const char *path, size_t *len)
{
	const char *what;
	unsigned char *buf = plan_file_take(path, len, &what);
	if (buf == NULL)
		fail("jrunc create failed: %s %s: %s", what, path, strerror(errno));
	return buf;
}

/*
 * jrunc-init init N, as InitSpawner started it: fd 3 the socket, the caller's fds 3..2+N
 * at 4..3+N, an empty environment, no signal blocked (ours are, for bin/jrunc's sake).
 */
static pid_t spawn_init(int sock, int nfds)
{
	char n[16];
	snprintf(n, sizeof n, "%d", nfds);
	pid_t pid = fork();
	if (pid < 0)
		fail("jrunc create failed: fork: %s", strerror(errno));
	if (pid > 0)
		return pid;
	sigset_t none;
	sigemptyset(&none);
	/* The socket first goes above every target fd, so that no dup2 below can clobber it. */
	int high = fcntl(sock, F_DUPFD_CLOEXEC, 4 + nfds);
	if (high < 0 || sigprocmask(SIG_SETMASK, &none, NULL) < 0) {
		dprintf(2, "jrunc-init create: prepare init: %s\n", strerror(errno));
		_exit(126);
	}
	/* Descending: fd 3+i moves to 4+i before 3+i is itself overwritten by 2+i's move. */
	for (int i = nfds - 1; i >= 0; i--) {
		if (dup2(3 + i, 4 + i) < 0) {
			dprintf(2, "jrunc-init create: preserve fd %d: %s\n", 3 + i, strerror(errno));
			_exit(126);
		}
	}
	if (dup2(high, 3) < 0) {
		dprintf(2, "jrunc-init create: dup2 socket: %s\n", strerror(errno));
		_exit(126);
	}
	char *args[] = { "jrunc-init", "init", n, NULL };
	char *env[] = { NULL };
	execve("/proc/self/exe", args, env);
	dprintf(2, "jrunc-init create: exec jrunc-init: %s\n", strerror(errno));
	_exit(127);
}

static void send_plan(const unsigned char *plan, size_t len)
{
	for (size_t off = 0; off < len; off += MSG_MAX_PLAN_CHUNK) {
		size_t n = len - off < MSG_MAX_PLAN_CHUNK ? len - off : MSG_MAX_PLAN_CHUNK;
		if (msg_send(MSG_PLAN, plan + off, n) < 0)
			fail("jrunc create failed: send to jrunc-init: %s", strerror(errno));
	}
}

/* The next message, which must be of the type asked for (msg_await); its payload size. */
static size_t receive(uint32_t want, unsigned char *buf, size_t cap, int *fd_out)
{
	char why[MSG_MAX_ERROR_TEXT + 64];
	size_t len = 0;
	switch (msg_await(g_sock, want, buf, cap, &len, fd_out, monotonic_millis() + INIT_TIMEOUT_MILLIS, why, sizeof why)) {
	case MSG_GOT:
		return len;
	case MSG_EOF:
		fail("jrunc create failed: unable to start container process: container init exited unexpectedly");
	case MSG_TIMED_OUT:
		fail("jrunc create failed: waiting for jrunc-init: timed out after %d ms", INIT_TIMEOUT_MILLIS);
	case MSG_FAILED:
		break;
	}
	fail("jrunc create failed: %s", why);
}

static size_t expect(uint32_t want, unsigned char *buf, size_t cap)
{
	return receive(want, buf, cap, NULL);
}

/* TOOL: newuidmap/newgidmap for a rootless caller's ranges, else NULL (see idmap.c). */
static void write_id_map(pid_t pid, const char *name, const char *text, const char *tool)
{
	char err[512];
	if (idmap_apply(pid, name, text, tool, err, sizeof err) < 0)
		fail("jrunc create failed: write id mappings: %s", err);
}

static void nap_millis(long ms)
{
	struct timespec ts = { 0, ms * 1000 * 1000 };
	nanosleep(&ts, NULL);
}

/* As CgroupFiles.addPid: a few tries, since a just-made v1 cgroup may refuse at first. */
static void join_cgroup(const char *dir, pid_t pid)
{
	char path[PATH_MAX], text[16];
	if (snprintf(path, sizeof path, "%s/cgroup.procs", dir) >= (int)sizeof path)
		fail("jrunc create failed: join cgroup %s: %s", dir, strerror(ENAMETOOLONG));
	snprintf(text, sizeof text, "%d", (int)pid);
	for (int attempt = 1;; attempt++) {
		if (write_text_once(path, text) == 0)
			return;
		if (attempt >= 5)
			fail("write %s: %s (in %s)", path, strerror(errno), dir);
		nap_millis(30);
	}
}

/* Field 22 of /proc/PID/stat: what state.json records to tell the init from a reused pid. */
static unsigned long long start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		fail("jrunc create failed: read %s: %s", path, n < 0 ? strerror(errno) : "empty");
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: fields start after the last ')'. */
	char *p = strrchr(buf, ')');
	int field = 2;
	for (char *save = NULL, *tok = p == NULL ? NULL : strtok_r(p + 1, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save))
		if (++field == 22)
			return strtoull(tok, NULL, 10);
	fail("jrunc create failed: %s: no start time", path);
}

/*
 * Written beside the target and renamed over it, so a reader sees all of it or nothing.
 * Not fsynced: no container outlives a host crash, so durability would buy nothing.
 */
static void write_atomic(const char *target, const char *text, const char *what)
{
	char tmp[PATH_MAX];
	const char *slash = strrchr(target, '/');
	int dirlen = slash == NULL ? 0 : (int)(slash - target + 1);
	if (snprintf(tmp, sizeof tmp, "%.*s.%s", dirlen, target, target + dirlen) >= (int)sizeof tmp)
		fail("%s %s: %s", what, target, strerror(ENAMETOOLONG));
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		fail("%s %s: %s", what, target, strerror(errno));
	size_t len = strlen(text);
	ssize_t n;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	if (n < 0 || (size_t)n != len) {
		int e = n >= 0 && (size_t)n != len ? EIO : errno;
		close(fd);
		unlink(tmp);
		fail("%s %s: %s", what, target, strerror(e));
	}
	if (close(fd) < 0 || rename(tmp, target) < 0) {
		int e = errno;
		unlink(tmp);
		fail("%s %s: %s", what, target, strerror(e));
	}
}

/*
 * The container exists from here on: the init's identity goes to <dir>/init, then the
 * record the JVM wrote becomes state.json (StateStore merges the two; a directory with
 * only the pending record is a create in progress, "container does not exist").
 */
static void publish(const char *dir, pid_t pid)
{
	char path[PATH_MAX], pending[PATH_MAX], text[64];
	if (snprintf(path, sizeof path, "%s/init", dir) >= (int)sizeof path ||
	    snprintf(pending, sizeof pending, "%s/" PENDING_STATE, dir) >= (int)sizeof pending)
		fail("jrunc create failed: state directory %s: %s", dir, strerror(ENAMETOOLONG));
	snprintf(text, sizeof text, "%d %llu", (int)pid, start_time(pid));
	write_atomic(path, text, "jrunc create failed: write");
	char state[PATH_MAX];
	snprintf(state, sizeof state, "%s/state.json", dir);
	if (rename(pending, state) < 0)
		fail("jrunc create failed: publish state %s: %s", state, strerror(errno));
}

/* runc's --pidfd-socket: connected before anything starts, so a bad path costs nothing. */
static int connect_pidfd_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), pfd = -1;
	if (s < 0)
		fail("jrunc create failed: pidfd socket: %s", strerror(errno));
	if (strlen(path) < sizeof sa.sun_path) {
		memcpy(sa.sun_path, path, strlen(path) + 1);
	} else {
		/* Too long for sun_path: through an O_PATH fd of the socket file. */
		pfd = open(path, O_PATH | O_CLOEXEC);
		if (pfd < 0)
			fail("jrunc create failed: open pidfd socket %s: %s", path, strerror(errno));
		snprintf(sa.sun_path, sizeof sa.sun_path, "/proc/self/fd/%d", pfd);
	}
	if (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0)
		fail("jrunc create failed: connect to pidfd socket %s: %s", path, strerror(errno));
	if (pfd >= 0)
		close(pfd);
	return s;
}

/* One message, one fd; the data names the kind of process as runc's does ("standard": an init). */
static void send_init_pidfd(int sock, pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		fail("jrunc create failed: pidfd_open %d: %s", (int)pid, strerror(errno));
	if (send_one_fd(sock, "standard", fd) < 0)
		fail("jrunc create failed: send the pidfd to the pidfd socket: %s", strerror(errno));
	close(fd);
	close(sock);
}

/* Listens at path before the init exists: stage 0 connects to it first thing. */
static int listen_tty_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int dirfd = -1;
	if (strlen(path) < sizeof sa.sun_path) {
		memcpy(sa.sun_path, path, strlen(path) + 1);
	} else {
		/* A long --root: bind through the directory's fd, as stage 0 connects through the file's. */
		const char *slash = strrchr(path, '/');
		char dir[PATH_MAX];
		if (slash == NULL || slash == path || (size_t)(slash - path) >= sizeof dir)
			fail("jrunc create failed: terminal socket %s: %s", path, strerror(ENAMETOOLONG));
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dirfd < 0 || snprintf(sa.sun_path, sizeof sa.sun_path, "/proc/self/fd/%d/%s", dirfd, slash + 1) >=
				 (int)sizeof sa.sun_path)
			fail("jrunc create failed: terminal socket %s: %s", path,
			     strerror(dirfd < 0 ? errno : ENAMETOOLONG));
	}
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		fail("jrunc create failed: terminal socket: %s", strerror(errno));
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s, 1) < 0)
		fail("jrunc create failed: terminal socket %s: %s", path, strerror(errno));
	if (dirfd >= 0)
		close(dirfd);
	return s;
}

/* The master the init sent while setting up its console (before READY, so it is waiting). */
static int take_pty_master(int lsock, const char *path)
{
	struct pollfd pfd = { .fd = lsock, .events = POLLIN };
	int r;
	do
		r = poll(&pfd, 1, INIT_TIMEOUT_MILLIS);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		fail("jrunc create failed: terminal socket %s: no connection from the init", path);
	int conn = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		fail("jrunc create failed: terminal socket %s: %s", path, strerror(errno));
	int fd = recv_one_fd(conn);
	if (fd < 0)
		fail("jrunc create failed: terminal socket %s: no pty master received: %s", path, strerror(errno));
	close(conn);
	close(lsock);
	if (unlink(path) < 0)
		fail("jrunc create failed: remove terminal socket %s: %s", path, strerror(errno));
	return fd;
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int create_main(int argc, char **argv)
{
	const char *plan_file = NULL, *fifo = NULL, *uid_map = NULL, *gid_map = NULL, *pid_file = NULL;
	const char *hooks_file = NULL, *tty_socket = NULL, *pidfd_socket = NULL;
	const char *uid_map_tool = NULL, *gid_map_tool = NULL;
	int deny_setgroups = 0;
	const char *listener = NULL;
	char *parts[3] = { NULL, NULL, NULL };
	int nparts = 0;
	int nfds = -1, then_start = 0, then_supervise = 0, subreaper = 0, keep = 0;
	for (int i = 1; i < argc; i++) {
		int r = log_option(argc, argv, &i);
		if (r < 0)
			usage("bad --log-format");
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--state-dir") == 0 && i + 1 < argc) {
			undo.state_dir = argv[++i];
		} else if (strcmp(argv[i], "--plan") == 0 && i + 1 < argc) {
			plan_file = argv[++i];
		} else if (strcmp(argv[i], "--fifo") == 0 && i + 1 < argc) {
			fifo = argv[++i];
		} else if (strcmp(argv[i], "--nfds") == 0 && i + 1 < argc) {
			if (parse_int(argv[++i], 0, MAX_PRESERVE_FDS, &nfds) < 0)
				usage("bad --nfds");
		} else if (strcmp(argv[i], "--uid-map") == 0 && i + 1 < argc) {
			uid_map = argv[++i];
		} else if (strcmp(argv[i], "--gid-map") == 0 && i + 1 < argc) {
			gid_map = argv[++i];
		} else if (strcmp(argv[i], "--uid-map-tool") == 0 && i + 1 < argc) {
			uid_map_tool = argv[++i];
		} else if (strcmp(argv[i], "--gid-map-tool") == 0 && i + 1 < argc) {
			gid_map_tool = argv[++i];
		} else if (strcmp(argv[i], "--deny-setgroups") == 0) {
			deny_setgroups = 1;
		} else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
			if (undo.ncg >= MAX_CGROUPS)
				usage("too many --cgroup");
			undo.cgroups[undo.ncg++] = argv[++i];
		} else if (strcmp(argv[i], "--seccomp-listener") == 0 && i + 1 < argc) {
			listener = argv[++i];
		} else if (strcmp(argv[i], "--seccomp-state") == 0 && i + 1 < argc) {
			if (nparts >= 3)
				usage("too many --seccomp-state");
			parts[nparts++] = argv[++i];
		} else if (strcmp(argv[i], "--pid-file") == 0 && i + 1 < argc) {
			pid_file = argv[++i];
		} else if (strcmp(argv[i], "--hooks") == 0 && i + 1 < argc) {
			hooks_file = argv[++i];
		} else if (strcmp(argv[i], "--then-start") == 0) {
			then_start = 1;
		} else if (strcmp(argv[i], "--then-supervise") == 0) {
			then_supervise = 1;
		} else if (strcmp(argv[i], "--subreaper") == 0) {
			subreaper = 1;
		} else if (strcmp(argv[i], "--keep") == 0) {
			keep = 1;
		} else if (strcmp(argv[i], "--pidfd-socket") == 0 && i + 1 < argc) {
			pidfd_socket = argv[++i];
		} else if (strcmp(argv[i], "--tty-socket") == 0 && i + 1 < argc) {
			tty_socket = argv[++i];
		} else {
			usage("bad arguments");
		}
	}
	if (undo.state_dir == NULL || plan_file == NULL || fifo == NULL || nfds < 0)
		usage("--state-dir, --plan, --fifo and --nfds are required");
	if ((listener == NULL) != (nparts == 0) || (listener != NULL && nparts != 3))
		usage("--seccomp-listener needs three --seccomp-state parts");
	if ((uid_map == NULL) != (gid_map == NULL) || (then_start && then_supervise) ||
	    (tty_socket != NULL && !then_supervise))
		usage("bad arguments");
	/* An ignored SIGCHLD, inherited from the caller, would reap the init behind our back. */
	if (signal(SIGCHLD, SIG_DFL) == SIG_ERR)
		usage("cannot reset SIGCHLD");

	/* The runtime's own hooks (prestart, createRuntime, poststart, poststop); see hooks.c. */
	static struct plan hooks;
	if (hooks_file != NULL) {
		char err[512];
		if (hooks_load(hooks_file, &hooks, err, sizeof err) < 0)
			fail("jrunc create failed: %s", err);
	}
	size_t plan_len;
	unsigned char *plan = read_plan(plan_file, &plan_len);
	/* The init opens it before anything else; only root may use it (as runc's). */
	if (mkfifo(fifo, 0600) < 0)
		fail("jrunc create failed: mkfifo %s: %s", fifo, strerror(errno));
	int tty_listen = tty_socket == NULL ? -1 : listen_tty_socket(tty_socket);
	int pidfd_sock = pidfd_socket == NULL ? -1 : connect_pidfd_socket(pidfd_socket);
	int pair[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
		fail("jrunc create failed: socketpair: %s", strerror(errno));
	undo.stage0 = spawn_init(pair[1], nfds);
	close(pair[1]);
	g_sock = pair[0];

	send_plan(plan, plan_len);
	free(plan);
	unsigned char buf[16];
	if (expect(MSG_PID, buf, sizeof buf) != 4)
		fail("jrunc create failed: receive from jrunc-init: bad PID message");
	int32_t pid = (int32_t)(buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24);
	if (pid <= 0)
		fail("jrunc create failed: receive from jrunc-init: bad pid %d", (int)pid);
	undo.init = pid;
	int st;
	while (waitpid(undo.stage0, &st, 0) < 0)
		if (errno != EINTR)
			fail("jrunc create failed: waitpid %d: %s", (int)undo.stage0, strerror(errno));
	undo.stage0 = 0;

	if (uid_map != NULL) {
		write_id_map(pid, "uid_map", uid_map, uid_map_tool);
		if (deny_setgroups) {
			char err[256];
			if (idmap_deny_setgroups(pid, err, sizeof err) < 0)
				fail("jrunc create failed: write id mappings: %s", err);
		}
		write_id_map(pid, "gid_map", gid_map, gid_map_tool);
	}
	for (int i = 0; i < undo.ncg; i++)
		join_cgroup(undo.cgroups[i], pid);
	if (msg_send(MSG_GO, NULL, 0) < 0)
		fail("jrunc create failed: send to jrunc-init: %s", strerror(errno));
	/*
	 * The init's order (docs/init-protocol.md): HOOKS before its pivot_root, SECCOMP_FD
	 * after it, when it loads the filter just before READY. The JVM put HOOK_SYNC into the
	 * plan exactly when these hooks exist.
	 */
	if (hooks_any(&hooks, HOOK_PRESTART) || hooks_any(&hooks, HOOK_CREATE_RUNTIME)) {
		static char err[8192];
		expect(MSG_HOOKS, buf, 0);
		if (hooks_run(&hooks, HOOK_PRESTART, "creating", (int)pid, err, sizeof err) < 0 ||
		    hooks_run(&hooks, HOOK_CREATE_RUNTIME, "creating", (int)pid, err, sizeof err) < 0)
			fail("jrunc create failed: unable to start container process: %s", err);
		if (msg_send(MSG_RESUME, NULL, 0) < 0)
			fail("jrunc create failed: send to jrunc-init: %s", strerror(errno));
	}
	if (listener != NULL) {
		int notify_fd;
		receive(MSG_SECCOMP_FD, buf, 0, &notify_fd);
		const char *step;
		if (listener_send(listener, parts, 3, pid, notify_fd, &step) < 0)
			fail("jrunc create failed: %s %s: %s", step, listener, strerror(errno));
	}
	expect(MSG_READY, buf, 0);
	close(g_sock);
	g_sock = -1;
	int tty_master = tty_listen < 0 ? -1 : take_pty_master(tty_listen, tty_socket);
	if (pidfd_sock >= 0)
		send_init_pidfd(pidfd_sock, pid);

	publish(undo.state_dir, pid);
	if (pid_file != NULL) {
		char text[16];
		snprintf(text, sizeof text, "%d", (int)pid);
		write_atomic(pid_file, text, "write pid file");
	}

	if (then_supervise) {
		/* Signals stay blocked: the supervisor reads any pending one from its signalfd. */
		char pidarg[16], ttyarg[16];
		snprintf(pidarg, sizeof pidarg, "%d", (int)pid);
		snprintf(ttyarg, sizeof ttyarg, "%d", tty_master);
		char *args[14 + 2 * MAX_CGROUPS];
		int n = 0;
		args[n++] = "supervise";
		args[n++] = "--pid";
		args[n++] = pidarg;
		args[n++] = "--release-fifo";
		args[n++] = (char *)fifo;
		if (subreaper)
			args[n++] = "--subreaper";
		if (tty_master >= 0) {
			args[n++] = "--tty-master";
			args[n++] = ttyarg;
		}
		if (hooks_file != NULL) {
			args[n++] = "--hooks";
			args[n++] = (char *)hooks_file;
		}
		if (!keep) {
			for (int i = 0; i < undo.ncg; i++) {
				args[n++] = "--cgroup";
				args[n++] = (char *)undo.cgroups[i];
			}
			args[n++] = "--state-dir";
			args[n++] = (char *)undo.state_dir;
		}
		args[n] = NULL;
		return supervise_main(n, args);
	}
	/* The container exists; a stop signal that came meanwhile is taken now, as runc would. */
	sigset_t none;
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		dprintf(2, "jrunc-init create: sigprocmask: %s\n", strerror(errno));
	if (then_start) {
		char pidarg[16];
		snprintf(pidarg, sizeof pidarg, "%d", (int)pid);
		char *args[] = { "start", "--fifo", (char *)fifo, "--pid", pidarg, "--hooks", (char *)hooks_file, NULL };
		return start_main(hooks_file != NULL ? 7 : 5, args);
	}
	return 0;
}
