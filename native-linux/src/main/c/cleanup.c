/*
 * Removing what a container holds once its init is gone. Best effort by design: it runs
 * after the outcome is decided (the container exited, or delete was asked for), and a
 * leftover must not hide that outcome; each step is checked and a failed step skipped.
 */
#include "cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Bounds the recursion: a container may nest cgroups, but not without limit. */
#define MAX_DEPTH 32

void kill_and_reap(pid_t pid)
{
	int st;
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

int reap_children(pid_t pid, int *status)
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
		/* Killed children of ours stay zombies, and in the cgroup, until reaped. */
		reap_children(-1, &ignored);
		nap();
	}
	close(dfd);
}

void remove_cgroup_tree(const char *dir)
{
	remove_cgroup(AT_FDCWD, dir, 0);
}

/*
 * Unlinks every entry of DFD (and closes it); a directory entry is emptied the same way
 * while DEPTH allows: the state directory holds files and one level of directories (the
 * notify socket's).
 */
static void remove_entries(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dfd, e->d_name, 0) == 0 || errno != EISDIR || depth == 0)
			continue;
		if (unlinkat(dfd, e->d_name, AT_REMOVEDIR) == 0 || errno != ENOTEMPTY)
			continue;
		int sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0) {
			remove_entries(sub, depth - 1);
			unlinkat(dfd, e->d_name, AT_REMOVEDIR);
		}
	}
	closedir(d);
}

void remove_state_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return;
	remove_entries(dfd, 1);
	rmdir(dir);
}
