/*
 * Id maps of a new user namespace. The JVM decided how each map is written (ContainerCreator,
 * IdMapWriting): directly when the caller may (root, or a single mapping of the caller's own
 * id), else through the setuid helpers of the uidmap package, the only way an unprivileged
 * caller gets more than its own id (docs/rootless.md).
 */
#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The kernel accepts at most 340 lines per map (user_namespaces(7)); three numbers each. */
#define MAX_MAP_LINES 340
#define MAX_ARGS (2 + 3 * MAX_MAP_LINES + 1)

extern char **environ;

/* The whole text in one write(2): the kernel takes a map only once, in a single write. */
static int write_once(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	ssize_t n;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int saved = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) < 0 && saved == 0)
		saved = errno;
	errno = saved;
	return saved == 0 ? 0 : -1;
}

int idmap_deny_setgroups(pid_t pid, char *err, size_t errlen)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
	if (write_once(path, "deny") < 0) {
		snprintf(err, errlen, "write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Splits TEXT's numbers into ARGV after the tool and the pid; the text is the JVM's, one map line each. */
static int split_fields(char *text, char **argv, int first, char *err, size_t errlen)
{
	int n = first;
	for (char *save = NULL, *tok = strtok_r(text, " \n", &save); tok != NULL; tok = strtok_r(NULL, " \n", &save)) {
		if (n >= MAX_ARGS - 1) {
			snprintf(err, errlen, "id map has more than %d lines", MAX_MAP_LINES);
			return -1;
		}
		argv[n++] = tok;
	}
	if (n == first || (n - first) % 3 != 0) {
		snprintf(err, errlen, "malformed id map");
		return -1;
	}
	argv[n] = NULL;
	return n;
}

static int run_tool(pid_t pid, const char *tool, const char *text, char *err, size_t errlen)
{
	char *copy = strdup(text);
	if (copy == NULL) {
		snprintf(err, errlen, "%s: %s", tool, strerror(errno));
		return -1;
	}
	char pidtext[16];
	snprintf(pidtext, sizeof pidtext, "%d", (int)pid);
	char *argv[MAX_ARGS];
	argv[0] = (char *)tool;
	argv[1] = pidtext;
	if (split_fields(copy, argv, 2, err, errlen) < 0) {
		free(copy);
		return -1;
	}
	pid_t child = fork();
	if (child < 0) {
		snprintf(err, errlen, "fork for %s: %s", tool, strerror(errno));
		free(copy);
		return -1;
	}
	if (child == 0) {
		/* The caller may block signals for its supervisor; the tool must start clean. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve(tool, argv, environ);
		fprintf(stderr, "exec %s: %s\n", tool, strerror(errno));
		_exit(127);
	}
	free(copy);
	int st;
	while (waitpid(child, &st, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "wait for %s: %s", tool, strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		snprintf(err, errlen, "%s %d: exit status %d", tool, (int)pid, WEXITSTATUS(st));
	else
		snprintf(err, errlen, "%s %d: killed by signal %d", tool, (int)pid, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return -1;
}

int idmap_apply(pid_t pid, const char *file, const char *text, const char *tool, char *err, size_t errlen)
{
	if (tool != NULL)
		return run_tool(pid, tool, text, err, errlen);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	if (write_once(path, text) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
