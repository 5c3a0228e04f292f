/*
 * exec: the native half of `jrunc exec`. The JVM checked the container's status, merged
 * the process settings and compiled them into a plan (docs/init-protocol.md, section 8);
 * bin/jrunc execve()s us in the caller's pid:
 *
 *   exec --plan FILE --nfds N [--cgroup DIR]... [--pid-file PATH] [--pidfd-socket PATH]
 *        [--seccomp-listener PATH --seccomp-state PART0 --seccomp-state PART1] [--detach | --tty]
 *
 * --tty: a foreground process with a terminal and no console socket. G sends the pty master
 * over a socketpair to P instead, and P's supervisor is the caller's terminal (tty.c).
 *
 * Three processes, as for create:
 *   P, this one, stays in the host: it takes a pidfd on the container init (JOIN_PID, with
 *     its start time, so a reused pid is never joined), connects the sockets, and forks
 *   C, which joins every namespace of the init that differs from ours with one
 *     setns(pidfd), writes nothing and clones
 *   G with CLONE_PARENT (so G is P's child; a fork is needed to enter the pid namespace).
 *     G waits until P has put it into the container's cgroups, only then touches anything
 *     in the container: root, rlimits, user, capabilities, cwd (verified inside the root),
 *     the $PATH lookup; it reports READY and execve()s with nothing open but 0-2 and the
 *     preserved fds. A failing execve is reported on the still open (close-on-exec) socket,
 *     so success is "READY, then end of file". Under a notifying seccomp filter G sends its
 *     notify fd before READY, and P hands it to the listener with PART0 pid PART1 (runc's
 *     setnsProcess does the same for `runc exec`).
 * Then P writes the pid file and either exits (--detach) or supervises G (supervise.c).
 * Every process here runs from the sealed memfd and is non-dumpable until G's execve.
 * Failures: one line in runc's log format, "exec failed: ...", exit 255.
 */
#include "cleanup.h"
#include "confine.h"
#include "init.h"
#include "listener.h"
#include "log.h"
#include "msg.h"
#include "seal.h"
#include "planfile.h"
#include "sys.h"
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CGROUPS 64
#define MAX_PRESERVE_FDS 65536
#define EXEC_TIMEOUT_MILLIS 60000

int exec_main(int argc, char **argv, char **full_argv);
int supervise_main(int argc, char **argv);

static const struct {
	int flag;
	const char *name;
} ns_files[] = {
	{ CLONE_NEWUSER, "user" }, { CLONE_NEWNS, "mnt" },    { CLONE_NEWPID, "pid" },
	{ CLONE_NEWNET, "net" },   { CLONE_NEWIPC, "ipc" },   { CLONE_NEWUTS, "uts" },
	{ CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWTIME, "time" },
};

/* What a failure in P must take down. */
static struct {
	pid_t child, grandchild;
} undo;

static unsigned g_nfds;

static _Noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void fail(const char *fmt, ...)
{
	char msg[4200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (undo.grandchild > 0)
		kill_and_reap(undo.grandchild);
	if (undo.child > 0)
		kill_and_reap(undo.child);
	log_error(msg);
	exit(255);
}

static _Noreturn void usage(const char *why)
{
	dprintf(2, "jrunc-init exec: %s\n", why);
	exit(255);
}

/* Every fd of ours goes above the preserved ones, which G passes on at their numbers. */
static int high(int fd, const char *what)
{
	if (fd < 0)
		fail("exec failed: %s: %s", what, strerror(errno));
	if ((unsigned)fd >= 3 + g_nfds)
		return fd;
	int h = fcntl(fd, F_DUPFD_CLOEXEC, (int)(3 + g_nfds));
	if (h < 0)
		fail("exec failed: %s: %s", what, strerror(errno));
	close(fd);
	return h;
}

/* The plan as the JVM left it, read and unlinked (planfile.c). */
static unsigned char *read_plan(const char *path, size_t *len)
{
	const char *what;
	unsigned char *buf = plan_file_take(path, len, &what);
	if (buf == NULL)
		fail("exec failed: %s %s: %s", what, path, strerror(errno));
	return buf;
}

/* An exec plan describes a process only: the container itself is not to be touched. */
static void check_plan(const struct plan *p, unsigned nfds, int tty, const char *listener)
{
	if (!p->has_join)
		fail("exec failed: plan: JOIN_PID is required");
	if (p->n_args == 0)
		fail("exec failed: plan: at least one ARG is required");
	if (p->n_ns || p->rootfs || p->has_propagation || p->n_mounts || p->n_devices || p->n_symlinks ||
	    p->n_masked || p->n_readonly || p->no_pivot || p->root_readonly || p->hostname ||
	    p->domainname || p->n_sysctls || p->exec_fifo || p->has_time_offsets)
		fail("exec failed: plan: container setup ops in an exec plan");
	/* Hooks belong to the container's lifecycle, never to a process joining it. */
	if (p->n_hooks || p->state_head || p->hook_sync)
		fail("exec failed: plan: hook ops in an exec plan");
	if (p->has_preserve_fds && p->preserve_fds != nfds)
		fail("exec failed: plan: PRESERVE_FDS %u but %u given", p->preserve_fds, nfds);
	if (p->has_terminal != (p->console_socket != NULL || tty) || (tty && p->console_socket != NULL))
		fail("exec failed: plan: TERMINAL goes with either CONSOLE_SOCKET or --tty");
	/* A notify fd needs someone to take it, and a listener needs a notify fd. */
	if ((p->has_seccomp && (p->seccomp_flags & PLAN_SECCOMP_NEW_LISTENER)) != (listener != NULL))
		fail("exec failed: plan: a seccomp listener in the plan goes with --seccomp-listener");
}

/* State and start time (field 22) of /proc/PID/stat; -1 when there is no such process. */
static int proc_stat(pid_t pid, char *state, unsigned long long *start)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: fields start after the last ')'. */
	char *p = strrchr(buf, ')');
	int field = 2;
	for (char *save = NULL, *tok = p == NULL ? NULL : strtok_r(p + 1, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		field++;
		if (field == 3)
			*state = tok[0];
		if (field == 22) {
			*start = strtoull(tok, NULL, 10);
			return 0;
		}
	}
	return -1;
}

/*
 * A pidfd on the init, checked to be the process the state records (alive, not a zombie,
 * same start time). Taken before the check: the pidfd names the process, not the number.
 */
static int open_init(pid_t pid, unsigned long long start)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0 && errno != ESRCH)
		fail("exec failed: pidfd_open %d: %s", (int)pid, strerror(errno));
	char state = 0;
	unsigned long long t = 0;
	if (fd < 0 || proc_stat(pid, &state, &t) < 0 || t != start || state == 'Z' || state == 'X' ||
	    state == 'x')
		fail("exec failed: cannot exec in a stopped container");
	return high(fd, "pidfd");
}

/* Still the same process: a /proc/PID path read since open_init named the init. */
static void still_alive(int pidfd)
{
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0)
		fail("exec failed: cannot exec in a stopped container");
}

/* The namespaces of the init that are not ours; joining one's own user namespace is EINVAL. */
static int differing_namespaces(pid_t pid)
{
	int flags = 0;
	char path[64];
	for (size_t i = 0; i < sizeof ns_files / sizeof ns_files[0]; i++) {
		struct stat theirs, ours;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_files[i].name);
		if (stat(path, &theirs) < 0) {
			if (errno == ENOENT)
				continue;	/* a namespace type this kernel does not have */
			fail("exec failed: stat %s: %s", path, strerror(errno));
		}
		snprintf(path, sizeof path, "/proc/self/ns/%s", ns_files[i].name);
		if (stat(path, &ours) < 0)
			fail("exec failed: stat %s: %s", path, strerror(errno));
		if (theirs.st_ino != ours.st_ino || theirs.st_dev != ours.st_dev)
			flags |= ns_files[i].flag;
	}
	return flags;
}

static int connect_socket(const char *path, const char *what)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = high(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), what), pfd = -1;
	if (strlen(path) < sizeof sa.sun_path) {
		strcpy(sa.sun_path, path);
	} else {
		/* Too long for sun_path: connect through an O_PATH fd of the socket file. */
		pfd = open(path, O_PATH | O_CLOEXEC);
		if (pfd < 0)
			fail("exec failed: open %s %s: %s", what, path, strerror(errno));
		snprintf(sa.sun_path, sizeof sa.sun_path, "/proc/self/fd/%d", pfd);
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		fail("exec failed: connect to %s %s: %s", what, path, strerror(errno));
	if (pfd >= 0)
		close(pfd);
	return fd;
}

/* One message, one fd, as the console socket does (runc's data for an exec'd process: "setns"). */
static void send_pidfd(int sock, pid_t pid)
{
	static const char data[] = "setns";
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		fail("exec failed: pidfd_open %d: %s", (int)pid, strerror(errno));
	if (send_one_fd(sock, data, fd) < 0)
		fail("exec failed: send the pidfd to the pidfd socket: %s", strerror(errno));
	close(fd);
}

/*
 * The next message from C or G, of the type wanted (msg_await): 0 with the payload in buf
 * (and its fd in *fd_out when asked for), or 1 at end of file when eof_ok.
 */
static int expect_fd(int sock, uint32_t want, unsigned char *buf, size_t cap, size_t *len, int eof_ok, int *fd_out)
{
	char why[MSG_MAX_ERROR_TEXT + 64];
	switch (msg_await(sock, want, buf, cap, len, fd_out, monotonic_millis() + EXEC_TIMEOUT_MILLIS, why, sizeof why)) {
	case MSG_GOT:
		return 0;
	case MSG_EOF:
		if (eof_ok)
			return 1;
		fail("exec failed: unable to start container process: the process exited unexpectedly");
	case MSG_TIMED_OUT:
		fail("exec failed: waiting for the process to start: timed out after %d ms", EXEC_TIMEOUT_MILLIS);
	case MSG_FAILED:
		break;
	}
	fail("exec failed: %s", why);
}

static int expect(int sock, uint32_t want, unsigned char *buf, size_t cap, size_t *len, int eof_ok)
{
	return expect_fd(sock, want, buf, cap, len, eof_ok, NULL);
}

/* Written beside the target and renamed over it (runc's pid file: decimal, no newline). */
static void write_pid_file(const char *target, pid_t pid)
{
	char tmp[PATH_MAX], text[16];
	const char *slash = strrchr(target, '/');
	int dirlen = slash == NULL ? 0 : (int)(slash - target + 1);
	if (snprintf(tmp, sizeof tmp, "%.*s.%s", dirlen, target, target + dirlen) >= (int)sizeof tmp)
		fail("exec failed: write pid file %s: %s", target, strerror(ENAMETOOLONG));
	snprintf(text, sizeof text, "%d", (int)pid);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		fail("exec failed: write pid file %s: %s", target, strerror(errno));
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	if (n < 0 || (size_t)n != len || fsync(fd) < 0 || close(fd) < 0 || rename(tmp, target) < 0) {
		int e = n >= 0 && (size_t)n != len ? EIO : errno;
		unlink(tmp);
		fail("exec failed: write pid file %s: %s", target, strerror(e));
	}
}

static void send_u32(uint32_t type, int32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	if (msg_send(type, b, sizeof b) < 0)
		die(errno, "send to jrunc exec");
}

/* G, after GO: everything inside the container up to execve (reports through die). */
static _Noreturn void run_grandchild(struct init_ctx *c, int joined_user)
{
	wait_go();
	if (joined_user && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		die(errno, "become root in the user namespace");
	/* The init's root, whatever a no-pivot container left as its namespace's root. */
	if (fchdir(c->rootfd) < 0 || chroot(".") < 0)
		die(errno, "enter the container's root");
	close(c->rootfd);
	c->rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c->rootfd < 0)
		die(errno, "open the container's root");
	/* Only read (self/setgroups): the container's own /proc, if it is procfs, will do. */
	c->procfd = open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct statfs sfs;
	if (c->procfd >= 0 && (fstatfs(c->procfd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)) {
		close(c->procfd);
		c->procfd = -1;
	}
	exec_console(c);
	setup_process(c);
	console_stdio(c);

	struct plan *p = c->p;
	char **argv = calloc(p->n_args + 1, sizeof *argv), **envp = calloc(p->n_env + 1, sizeof *envp);
	if (argv == NULL || envp == NULL)
		die(ENOMEM, "argv");
	memcpy(argv, p->args, p->n_args * sizeof *argv);
	memcpy(envp, p->env, p->n_env * sizeof *envp);
	if (msg_send(MSG_READY, NULL, 0) < 0)
		die(errno, "send READY");
	/* Nothing of ours may reach the process (CVE-2024-21626); the socket goes at execve. */
	if (sys_close_range(3 + c->nfds, ~0U, CLOSE_RANGE_CLOEXEC) < 0 && !c->fds_cloexec)
		die(errno, "close_range");
	umask(p->has_user && p->umask != 0xFFFFFFFFu ? (mode_t)p->umask : c->saved_umask);
	reset_signals();
	/* After the cgroups were joined, which may have reset it to the cpuset's CPUs. */
	apply_final_cpu_affinity(&p->affinity_final);
	/* As for the init: without no_new_privs setup_process loaded it before the user
	 * switch, with a listener before READY; else last, so the filter has to allow
	 * nothing of ours but execve. */
	if (p->has_seccomp && p->no_new_privs && !(p->seccomp_flags & PLAN_SECCOMP_NEW_LISTENER))
		load_seccomp(p);
	execve(c->exec_path, argv, envp);
	int e = errno;
	die(e, "exec %s", c->exec_path);
}

/* C: joins, then clones G into the pid namespace as P's child; reports G's pid and exits. */
static _Noreturn void run_child(struct init_ctx *c, int pidfd, int nsflags)
{
	/* execCPUAffinity.initial: C and G run on these CPUs until G joins the cgroups (runc). */
	apply_cpu_affinity(&c->p->affinity_initial, "initial");
	if (c->p->has_oom) {
		/* Our own, in the host's /proc still; G inherits it through the clone. */
		char v[16];
		snprintf(v, sizeof v, "%d", c->p->oom_score_adj);
		if (write_text_once("/proc/self/oom_score_adj", v) < 0)
			die(errno, "write oom_score_adj");
		c->p->has_oom = 0;	/* done: setup_process must not write it again */
	}
	if (nsflags != 0 && setns(pidfd, nsflags) < 0)
		die(errno, "join the container's namespaces");
	close(pidfd);
	struct jr_clone_args args = { .flags = CLONE_PARENT, .exit_signal = 0 };
	long pid = syscall(SYS_clone3, &args, sizeof args);
	if (pid < 0 && errno == ENOSYS)
		pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), 0, 0, 0, 0);
	if (pid < 0)
		die(errno, "fork into the container");
	if (pid == 0)
		run_grandchild(c, (nsflags & CLONE_NEWUSER) != 0);
	send_u32(MSG_PID, (int32_t)pid);
	_exit(0);
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

int exec_main(int argc, char **argv, char **full_argv)
{
	const char *plan_file = NULL, *pid_file = NULL, *pidfd_socket = NULL, *cgroups[MAX_CGROUPS];
	const char *listener = NULL;
	char *parts[2];
	int nfds = -1, detach = 0, ncg = 0, tty = 0, nparts = 0;

	/*
	 * Every signal waits until we know what to do with it: a foreground exec forwards it
	 * to the process (supervise.c reads it from its signalfd), a detached one takes it once
	 * the process runs. G restores an empty mask before execve.
	 */
	sigset_t all;
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, NULL) < 0)
		usage("sigprocmask failed");
	seal_self(full_argv);

	for (int i = 1; i < argc; i++) {
		int r = log_option(argc, argv, &i);
		if (r < 0)
			usage("bad --log-format");
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--plan") == 0 && i + 1 < argc) {
			plan_file = argv[++i];
		} else if (strcmp(argv[i], "--nfds") == 0 && i + 1 < argc) {
			if (parse_int(argv[++i], 0, MAX_PRESERVE_FDS, &nfds) < 0)
				usage("bad --nfds");
		} else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
			if (ncg >= MAX_CGROUPS)
				usage("too many --cgroup");
			cgroups[ncg++] = argv[++i];
		} else if (strcmp(argv[i], "--pid-file") == 0 && i + 1 < argc) {
			pid_file = argv[++i];
		} else if (strcmp(argv[i], "--pidfd-socket") == 0 && i + 1 < argc) {
			pidfd_socket = argv[++i];
		} else if (strcmp(argv[i], "--seccomp-listener") == 0 && i + 1 < argc) {
			listener = argv[++i];
		} else if (strcmp(argv[i], "--seccomp-state") == 0 && i + 1 < argc) {
			if (nparts >= 2)
				usage("too many --seccomp-state");
			parts[nparts++] = argv[++i];
		} else if (strcmp(argv[i], "--detach") == 0) {
			detach = 1;
		} else if (strcmp(argv[i], "--tty") == 0) {
			tty = 1;
		} else {
			usage("bad arguments");
		}
	}
	if (plan_file == NULL || nfds < 0)
		usage("--plan and --nfds are required");
	if (tty && detach)
		usage("--tty is for a foreground exec");
	if ((listener == NULL) != (nparts == 0) || (listener != NULL && nparts != 2))
		usage("--seccomp-listener needs two --seccomp-state parts");
	g_nfds = (unsigned)nfds;
	/* Whatever the caller left open beyond the preserved fds is not the process's to see. */
	if (sys_close_range(3 + g_nfds, ~0U, 0) < 0)
		usage("close_range failed");
	/* An ignored SIGCHLD, inherited from the caller, would reap our children behind our back. */
	if (signal(SIGCHLD, SIG_DFL) == SIG_ERR)
		usage("cannot reset SIGCHLD");

	size_t plan_len;
	unsigned char *buf = read_plan(plan_file, &plan_len);
	struct plan plan;
	char err[512];
	if (plan_parse(buf, plan_len, &plan, err, sizeof err) < 0)
		fail("exec failed: plan: %s", err);
	free(buf);
	check_plan(&plan, g_nfds, tty, listener);

	struct init_ctx c = { .p = &plan, .nfds = g_nfds, .fifo_fd = -1, .console_fd = -1, .rootfd = -1,
			      .devnull = -1, .pty_peer = -1, .procfd = -1 };
	c.saved_umask = umask(0);
	umask(c.saved_umask);

	pid_t init = (pid_t)plan.join_pid;
	int pidfd = open_init(init, plan.join_start);
	int nsflags = differing_namespaces(init);
	char root[64];
	snprintf(root, sizeof root, "/proc/%d/root", (int)init);
	c.rootfd = high(open(root, O_PATH | O_DIRECTORY | O_CLOEXEC), "open the container's root");
	still_alive(pidfd);
	if (plan.console_socket != NULL)
		c.console_fd = connect_socket(plan.console_socket, "console socket");
	int tty_recv = -1;
	if (tty) {
		int tp[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, tp) < 0)
			fail("exec failed: socketpair: %s", strerror(errno));
		tty_recv = high(tp[0], "socketpair");
		c.console_fd = high(tp[1], "socketpair");
	}
	int pidfd_sock = pidfd_socket == NULL ? -1 : connect_socket(pidfd_socket, "pidfd socket");

	int pair[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
		fail("exec failed: socketpair: %s", strerror(errno));
	int ours = high(pair[0], "socketpair"), theirs = high(pair[1], "socketpair");

	pid_t child = fork();
	if (child < 0)
		fail("exec failed: fork: %s", strerror(errno));
	if (child == 0) {
		close(ours);
		if (pidfd_sock >= 0)
			close(pidfd_sock);
		if (tty_recv >= 0)
			close(tty_recv);
		g_sock = theirs;
		run_child(&c, pidfd, nsflags);
	}
	undo.child = child;
	close(theirs);
	close(pidfd);
	close(c.rootfd);
	if (c.console_fd >= 0)
		close(c.console_fd);

	unsigned char b[16];
	size_t len;
	expect(ours, MSG_PID, b, sizeof b, &len, 0);
	int32_t pid = len == 4 ? (int32_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24) : 0;
	if (pid <= 0)
		fail("exec failed: receive from jrunc-init: bad PID message");
	undo.grandchild = pid;
	int st;
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			fail("exec failed: waitpid %d: %s", (int)child, strerror(errno));
	undo.child = 0;

	/* Into the container's cgroups before G runs anything of the container's. */
	for (int i = 0; i < ncg; i++) {
		char path[PATH_MAX], text[16];
		if (snprintf(path, sizeof path, "%s/cgroup.procs", cgroups[i]) >= (int)sizeof path)
			fail("exec failed: join cgroup %s: %s", cgroups[i], strerror(ENAMETOOLONG));
		snprintf(text, sizeof text, "%d", (int)pid);
		if (write_text_once(path, text) < 0)
			fail("exec failed: join cgroup %s: %s", cgroups[i], strerror(errno));
	}
	g_sock = ours;
	if (msg_send(MSG_GO, NULL, 0) < 0)
		fail("exec failed: send to jrunc-init: %s", strerror(errno));
	g_sock = -1;
	if (listener != NULL) {
		int notify_fd;
		const char *step;
		expect_fd(ours, MSG_SECCOMP_FD, b, 0, NULL, 0, &notify_fd);
		if (listener_send(listener, parts, 2, pid, notify_fd, &step) < 0)
			fail("exec failed: %s %s: %s", step, listener, strerror(errno));
	}
	expect(ours, MSG_READY, b, 0, NULL, 0);
	/* READY, then end of file at the execve; a failed execve says so before. */
	expect(ours, MSG_READY, b, 0, NULL, 1);
	close(ours);
	/* G sent it before READY: it is waiting in the socket. */
	int tty_master = -1;
	if (tty_recv >= 0) {
		tty_master = recv_one_fd(tty_recv);
		if (tty_master < 0)
			fail("exec failed: receive the pty master: %s", strerror(errno));
		close(tty_recv);
	}

	if (pidfd_sock >= 0) {
		send_pidfd(pidfd_sock, pid);
		close(pidfd_sock);
	}
	if (pid_file != NULL)
		write_pid_file(pid_file, pid);
	undo.grandchild = 0;
	plan_free(&plan);

	if (detach) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		return 0;
	}
	char pidarg[16], ttyarg[16];
	snprintf(pidarg, sizeof pidarg, "%d", (int)pid);
	snprintf(ttyarg, sizeof ttyarg, "%d", tty_master);
	char *args[] = { "supervise", "--pid", pidarg, "--tty-master", ttyarg, NULL };
	return supervise_main(tty_master >= 0 ? 5 : 3, args);
}
