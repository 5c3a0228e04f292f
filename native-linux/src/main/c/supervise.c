/*
 * Supervise mode for a foreground `jrunc run`: the Java process execve()s into this, keeping
 * its pid (pid files, LISTEN_PID and the caller's wait stay right) and its child, the
 * container init. We forward signals, reap, and clean up what the run owes once the init is
 * gone, exiting with the container's status as runc does (code, or 128+signal).
 */
#include "cleanup.h"
#include "hooks.h"
#include "log.h"
#include "notify.h"
#include "sys.h"
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CGROUPS 64

int supervise_main(int argc, char **argv);
void wait_execve(int fifo_fd, int millis);

static _Noreturn void usage(const char *why)
{
	dprintf(2, "jrunc-init supervise: %s\n", why);
	exit(255);
}

/* The start half of the create/start handshake (docs/init-protocol.md, "The exec fifo"). */
static void release_fifo(const char *path, int wait)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		/* ENXIO: no reader, the init is gone; its exit status tells the rest. */
		dprintf(2, "jrunc: exec fifo %s: %s\n", path, strerror(errno));
		return;
	}
	if (write(fd, "0", 1) != 1)
		dprintf(2, "jrunc: write exec fifo %s: %s\n", path, strerror(errno));
	if (unlink(path) < 0 && errno != ENOENT)
		dprintf(2, "jrunc: remove exec fifo %s: %s\n", path, strerror(errno));
	if (wait)
		wait_execve(fd, 10000);
	close(fd);
}

int supervise_main(int argc, char **argv)
{
	const char *cgroups[MAX_CGROUPS], *state_dir = NULL, *fifo = NULL, *hooks_file = NULL;
	static struct plan hooks;
	int ncg = 0, subreaper = 0, tty_master = -1;
	pid_t pid = 0;

	for (int i = 1; i < argc; i++) {
		/* Accepted like every handed-off mode; the supervisor's own errors go to stderr. */
		int r = log_option(argc, argv, &i);
		if (r < 0)
			usage("bad --log-format");
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--pid") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end != 0 || v <= 0 || v > INT_MAX)
				usage("bad --pid");
			pid = (pid_t)v;
		} else if (strcmp(argv[i], "--subreaper") == 0) {
			subreaper = 1;
		} else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
			if (ncg >= MAX_CGROUPS)
				usage("too many --cgroup");
			cgroups[ncg++] = argv[++i];
		} else if (strcmp(argv[i], "--state-dir") == 0 && i + 1 < argc) {
			state_dir = argv[++i];
		} else if (strcmp(argv[i], "--release-fifo") == 0 && i + 1 < argc) {
			fifo = argv[++i];
		} else if (strcmp(argv[i], "--hooks") == 0 && i + 1 < argc) {
			hooks_file = argv[++i];
		} else if (strcmp(argv[i], "--tty-master") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end != 0 || v < 3 || v > INT_MAX)
				usage("bad --tty-master");
			tty_master = (int)v;
		} else {
			usage("bad arguments");
		}
	}
	if (pid == 0)
		usage("--pid is required");

	/* Whatever the JVM had open is not ours to keep; the pty master (at fd 3) is. */
	if (tty_master >= 0 && tty_master != 3) {
		if (dup2(tty_master, 3) < 0)
			usage("dup2 of the pty master failed");
		close(tty_master);
	}
	if (tty_master >= 0 && fcntl(3, F_SETFD, FD_CLOEXEC) < 0)
		usage("fcntl of the pty master failed");
	if (sys_close_range(tty_master >= 0 ? 4 : 3, ~0U, 0) < 0)
		usage("close_range failed");
	/* Read now: the file goes with the state directory. */
	char herr[512];
	if (hooks_file != NULL && hooks_load(hooks_file, &hooks, herr, sizeof herr) < 0)
		usage(herr);
	/*
	 * Set either way: bin/jrunc is a subreaper while the JVM runs (so that the init the JVM
	 * started is ours now); with --no-subreaper, orphans must go on up as with runc.
	 */
	if (prctl(PR_SET_CHILD_SUBREAPER, subreaper, 0, 0, 0) < 0)
		usage("cannot set the child subreaper attribute");

	sigset_t all;
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, NULL) < 0)
		usage("sigprocmask failed");
	int sfd = signalfd(-1, &all, SFD_CLOEXEC);
	if (sfd < 0)
		usage("signalfd failed");

	/* Raw mode and the window size before the process runs: it may ask for the size first thing. */
	struct tty_relay tty = { .master = -1 };
	if (tty_master >= 0 && tty_start(&tty, 3) < 0) {
		dprintf(2, "jrunc: set up the terminal: %s\n", strerror(errno));
		kill(pid, SIGKILL);
		fifo = NULL;	/* never started: its death is the run's outcome */
	}

	/*
	 * Start the container only now that every signal is caught: a signal sent to `run` as
	 * soon as the container shows life must reach the container, not kill its supervisor.
	 */
	/* Bound before the process runs: it may notify first thing. */
	int notify = fifo == NULL ? -1 : notify_open(fifo);
	if (notify < 0 && errno != 0)
		dprintf(2, "jrunc: notify socket: %s\n", strerror(errno));
	if (fifo != NULL) {
		/* With poststart hooks: they run once the process has been started. */
		release_fifo(fifo, hooks_any(&hooks, HOOK_POSTSTART));
		hooks_run_warn(&hooks, HOOK_POSTSTART, "running", (int)pid);
	}

	/* The init may have exited before we blocked SIGCHLD; that signal is lost, so look now. */
	int status = 0, done = reap_children(pid, &status);
	if (!done && kill(pid, 0) < 0 && errno == ESRCH)
		usage("the container process is gone and was not our child");
	while (!done) {
		struct pollfd pf[4] = { { .fd = sfd, .events = POLLIN }, { .fd = notify, .events = POLLIN } };
		int npf = 2 + tty_pollfds(&tty, pf + 2);
		if (poll(pf, (nfds_t)npf, -1) < 0) {
			if (errno == EINTR)
				continue;
			usage("poll failed");
		}
		/* Signals first: a resize must reach the pty before the keystrokes typed after it. */
		if (pf[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			ssize_t n = read(sfd, &si, sizeof si);
			if (n < 0 && errno == EINTR)
				continue;
			if (n != (ssize_t)sizeof si)
				usage("read signalfd failed");
			if (si.ssi_signo == SIGCHLD)
				done = reap_children(pid, &status);
			else if (si.ssi_signo == SIGWINCH && tty_master >= 0)
				/* As runc: a resize of the pty, whose kernel signals its own foreground group. */
				tty_resize(&tty);
			else
				kill(pid, (int)si.ssi_signo);
		}
		/* As runc's foreground run: the caller is told this supervisor is the main pid. */
		if (pf[1].revents & POLLIN) {
			int r = notify_take(notify, getpid());
			if (r < 0)
				dprintf(2, "jrunc: notify socket: forward to %s: %s\n", getenv("NOTIFY_SOCKET"), strerror(errno));
			if (r != 0) {
				close(notify);
				notify = -1;	/* poll ignores a negative fd */
			}
		}
		if (!done)
			tty_ready(&tty, pf + 2, npf - 2);
	}
	tty_drain(&tty);
	tty_restore();

	for (int i = 0; i < ncg; i++)
		remove_cgroup_tree(cgroups[i]);
	if (state_dir != NULL) {
		remove_state_dir(state_dir);
		/* With --keep the container stays; its delete runs them. */
		hooks_run_warn(&hooks, HOOK_POSTSTOP, "stopped", 0);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}
