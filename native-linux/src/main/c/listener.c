/* The spec's seccomp listener hand-over (config-linux.md): one connection, one message, close. */
#include "listener.h"
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_PARTS 8

static int send_all(int s, const char *text, size_t len, int notify_fd)
{
	ssize_t n = sendmsg_fd(s, text, len, notify_fd);
	/* The fd went with the first bytes; a short stream write only needs the rest sent. */
	for (size_t off = n > 0 ? (size_t)n : 0; n >= 0 && off < len; off += (size_t)n) {
		n = send(s, text + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			n = 0;
	}
	return n < 0 ? -1 : 0;
}

int listener_send(const char *path, char *const *parts, size_t n, pid_t pid, int notify_fd, const char **step)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char pidtext[16];
	size_t len = 0;
	int rc = -1, s = -1, saved;
	char *text = NULL;

	if (n == 0 || n > MAX_PARTS) {
		*step = "seccomp listener state";
		errno = EINVAL;
		goto out;
	}
	if (strlen(path) >= sizeof sa.sun_path) {
		*step = "seccomp listenerPath";
		errno = ENAMETOOLONG;
		goto out;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	snprintf(pidtext, sizeof pidtext, "%d", (int)pid);
	for (size_t i = 0; i < n; i++)
		len += strlen(parts[i]) + (i + 1 < n ? strlen(pidtext) : 0);
	text = malloc(len + 1);
	if (text == NULL) {
		*step = "seccomp listener state";
		goto out;
	}
	char *at = text;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(parts[i]);
		memcpy(at, parts[i], l);
		at += l;
		if (i + 1 < n) {
			memcpy(at, pidtext, strlen(pidtext));
			at += strlen(pidtext);
		}
	}
	*at = '\0';

	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		*step = "seccomp listener socket";
		goto out;
	}
	if (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
		*step = "connect to seccomp listener";
		goto out;
	}
	if (send_all(s, text, len, notify_fd) < 0) {
		*step = "send to seccomp listener";
		goto out;
	}
	rc = 0;
out:
	saved = errno;
	if (s >= 0)
		close(s);
	close(notify_fd);
	free(text);
	errno = saved;
	return rc;
}
