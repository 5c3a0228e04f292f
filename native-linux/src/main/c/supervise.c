/*
 * Supervise mode for a foreground `jrunc run`: the Java process execve()s into this, keeping
 * its pid (pid files, LISTEN_PID and the caller's wait stay right) and its child, the
 * container init. We forward signals, reap, and clean up what the run owes once the init is
 * gone, exiting with the container's status as runc does (code, or 128+signal).
 */
#include "sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#define MAX_DEPTH 32

int supervise_main(int argc, char **argv);

static _Noreturn void usage(const char *why)
{
	dprintf(2, "jrunc-init supervise: %s\n", why);
	exit(255);
}

/* Reaps every exited child; returns 1 and sets *status when pid was among them. */
static int reap(pid_t pid, int *status)
{
	int found = 0, st;
	for (;;) {
		pid_t r = waitpid(-1, &st, WNOHANG);
		if (r <= 0)
			break;
		if (r == pid) {
			*status = st;
			found = 1;
		}
	}
	return found;
}

static void nap(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	nanosleep(&ts, NULL);
}

static void kill_procs(int dirfd)
{
	int fd = openat(dirfd, "cgroup.kill", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* cgroup v2: one write kills the whole subtree, forks included. */
		ssize_t n = write(fd, "1", 1);
		close(fd);
		if (n == 1)
			return;
	}
	fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "r");
	if (f == NULL) {
		close(fd);
		return;
	}
	long pid;
	while (fscanf(f, "%ld", &pid) == 1)
		if (pid > 0 && pid <= INT_MAX)
			kill((pid_t)pid, SIGKILL);
	fclose(f);
}

/* Kills and removes a cgroup and the ones the container made below it. */
static void remove_cgroup(int parentfd, const char *name, int depth)
{
	int dfd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return;
	if (depth < MAX_DEPTH) {
		int lfd = dup(dfd);
		DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL)
			if (e->d_type == DT_DIR && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				remove_cgroup(dfd, e->d_name, depth + 1);
		if (d != NULL)
			closedir(d);
		else if (lfd >= 0)
			close(lfd);
	}
	/* EBUSY lasts until the killed tasks are really gone; about 2 s at most. */
	for (int tries = 0; tries < 200; tries++) {
		kill_procs(dfd);
		if (unlinkat(parentfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			break;
		if (errno != EBUSY)
			break;
		int ignored;
		reap(-1, &ignored);
		nap();
	}
	close(dfd);
}

static void remove_state_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return;
	DIR *d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dfd, e->d_name, 0) < 0 && errno == EISDIR)
			unlinkat(dfd, e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
	rmdir(dir);
}

/* The start half of the create/start handshake (docs/init-protocol.md, "The exec fifo"). */
static void release_fifo(const char *path)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		/* ENXIO: no reader, the init is gone; its exit status tells the rest. */
		dprintf(2, "jrunc: exec fifo %s: %s\n", path, strerror(errno));
		return;
	}
	if (write(fd, "0", 1) != 1)
		dprintf(2, "jrunc: write exec fifo %s: %s\n", path, strerror(errno));
	close(fd);
	if (unlink(path) < 0 && errno != ENOENT)
		dprintf(2, "jrunc: remove exec fifo %s: %s\n", path, strerror(errno));
}

int supervise_main(int argc, char **argv)
{
	const char *cgroups[MAX_CGROUPS], *state_dir = NULL, *fifo = NULL;
	int ncg = 0, subreaper = 0;
	pid_t pid = 0;

	for (int i = 1; i < argc; i++) {
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
		} else {
			usage("bad arguments");
		}
	}
	if (pid == 0)
		usage("--pid is required");

	/* Whatever the JVM had open is not ours to keep. */
	if (sys_close_range(3, ~0U, 0) < 0)
		usage("close_range failed");
	if (subreaper && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		usage("cannot become a subreaper");

	sigset_t all;
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, NULL) < 0)
		usage("sigprocmask failed");
	int sfd = signalfd(-1, &all, SFD_CLOEXEC);
	if (sfd < 0)
		usage("signalfd failed");

	/*
	 * Start the container only now that every signal is caught: a signal sent to `run` as
	 * soon as the container shows life must reach the container, not kill its supervisor.
	 */
	if (fifo != NULL)
		release_fifo(fifo);

	/* The init may have exited before we blocked SIGCHLD; that signal is lost, so look now. */
	int status = 0, done = reap(pid, &status);
	if (!done && kill(pid, 0) < 0 && errno == ESRCH)
		usage("the container process is gone and was not our child");
	while (!done) {
		struct signalfd_siginfo si;
		ssize_t n = read(sfd, &si, sizeof si);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof si)
			usage("read signalfd failed");
		if (si.ssi_signo == SIGCHLD)
			done = reap(pid, &status);
		else
			kill(pid, (int)si.ssi_signo);
	}

	for (int i = 0; i < ncg; i++)
		remove_cgroup(AT_FDCWD, cgroups[i], 0);
	if (state_dir != NULL)
		remove_state_dir(state_dir);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}
