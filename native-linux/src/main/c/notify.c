/* NOTIFY_SOCKET proxy (notify.h). */
#include "notify.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define NOTIFY_DIR "notify"
#define NOTIFY_NAME "notify.sock"
/* As runc's read buffer: sd_notify sends one small datagram. */
#define NOTIFY_MAX 4096

int notify_open(const char *fifo)
{
	const char *host = getenv("NOTIFY_SOCKET");
	errno = 0;
	if (host == NULL || host[0] == '\0')
		return -1;
	char dir[PATH_MAX];
	const char *slash = strrchr(fifo, '/');
	if (slash == NULL || snprintf(dir, sizeof dir, "%.*s/" NOTIFY_DIR, (int)(slash - fifo), fifo) >= (int)sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		/* Created without NOTIFY_SOCKET: the container has no socket to talk to. */
		if (errno == ENOENT)
			errno = 0;
		return -1;
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	/* Through the directory's fd: any --root length fits in sun_path. */
	snprintf(sa.sun_path, sizeof sa.sun_path, "/proc/self/fd/%d/" NOTIFY_NAME, dfd);
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int e = 0;
	if (s < 0) {
		e = errno;
	} else if ((unlinkat(dfd, NOTIFY_NAME, 0) < 0 && errno != ENOENT) ||
		   bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 ||
		   /* Any user in the container may notify, as with runc (0777). */
		   fchmodat(dfd, NOTIFY_NAME, 0777, 0) < 0) {
		e = errno;
		close(s);
		s = -1;
	}
	close(dfd);
	errno = e;
	return s;
}

/* One datagram to the caller's socket; "@name" is the abstract namespace, as systemd writes it. */
static int send_host(int out, const char *text)
{
	const char *host = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = host == NULL ? 0 : strlen(host);
	if (len == 0 || len >= sizeof sa.sun_path) {
		errno = len == 0 ? EINVAL : ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, host, len);
	if (host[0] == '@')
		sa.sun_path[0] = '\0';
	socklen_t sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (host[0] == '@' ? 0 : 1));
	ssize_t n;
	do
		n = sendto(out, text, strlen(text), MSG_NOSIGNAL, (struct sockaddr *)&sa, sl);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int notify_take(int sock, pid_t mainpid)
{
	char buf[NOTIFY_MAX + 1];
	ssize_t n;
	do
		n = recv(sock, buf, NOTIFY_MAX, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : -1;
	buf[n] = '\0';
	/* Only READY= matters to the caller; other state lines (STATUS=, ...) stay ours, as with runc. */
	for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "READY=", 6) != 0)
			continue;
		char ready[NOTIFY_MAX + 2], mp[32];
		snprintf(ready, sizeof ready, "%s\n", line);
		snprintf(mp, sizeof mp, "MAINPID=%d\n", (int)mainpid);
		int out = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (out < 0)
			return -1;
		int r = send_host(out, ready) < 0 || send_host(out, mp) < 0 ? -1 : 1;
		int e = errno;
		close(out);
		errno = e;
		return r;
	}
	return 0;
}

int notify_wait(int sock, int pidfd, pid_t mainpid)
{
	for (;;) {
		struct pollfd pf[2] = { { .fd = sock, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pf[0].revents & POLLIN) {
			int r = notify_take(sock, mainpid);
			if (r != 0)
				return r < 0 ? -1 : 0;
		}
		/* The process is gone without saying READY: nothing to pass on (runc returns too). */
		if (pf[1].revents & POLLIN)
			return 0;
	}
}
