#include "msg.h"
#include "plan.h"
#include "sys.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int g_sock = -1;

static void put32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
}

int msg_send(uint32_t type, const void *payload, size_t len)
{
	unsigned char hdr[4];
	struct iovec iov[2] = { { hdr, 4 }, { (void *)payload, len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
	ssize_t n;

	put32(hdr, type);
	do
		/* MSG_NOSIGNAL: a vanished Java side must show up as an error, not a SIGPIPE. */
		n = sendmsg(g_sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)(4 + len) ? 0 : -1;
}

ssize_t sendmsg_fd(int sock, const void *data, size_t len, int fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(u.buf, 0, sizeof u.buf);
	struct iovec iov = { (void *)data, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	ssize_t n;
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n;
}

int msg_send_fd(uint32_t type, int fd)
{
	unsigned char hdr[4];
	put32(hdr, type);
	return sendmsg_fd(g_sock, hdr, sizeof hdr, fd) == (ssize_t)sizeof hdr ? 0 : -1;
}

int msg_recv(void *buf, size_t cap, size_t *len)
{
	unsigned char hdr[4];
	struct iovec iov[2] = { { hdr, 4 }, { buf, cap } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	ssize_t n;

	do
		n = recvmsg(g_sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n < 4 || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		errno = EPROTO;
		return -1;
	}
	*len = (size_t)n - 4;
	return (int)(hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24) & 0x7fffffff;
}

int recv_one_fd(int sock)
{
	char data[64];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { data, sizeof data };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			     .msg_controllen = sizeof control.buf };
	ssize_t n;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	int fd = -1;
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	if (cm != NULL && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (fd >= 0 && (mh.msg_flags & MSG_CTRUNC)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		errno = EPROTO;
	return fd;
}

int send_one_fd(int sock, const char *data, int fd)
{
	return sendmsg_fd(sock, data, strlen(data), fd) < 0 ? -1 : 0;
}

unsigned char *msg_recv_plan(size_t *len)
{
	unsigned char *chunk = malloc(MSG_MAX_PLAN_CHUNK), *plan = NULL;
	size_t have = 0, total = 0, n;
	char err[256];

	if (chunk == NULL)
		die(ENOMEM, "receive plan");
	for (;;) {
		int type = msg_recv(chunk, MSG_MAX_PLAN_CHUNK, &n);
		if (type < 0)
			die(errno, "receive plan");
		if (type != MSG_PLAN)
			die(EPROTO, "receive plan: unexpected message type %d", type);
		if (plan == NULL) {
			total = plan_header_total(chunk, n, err, sizeof err);
			if (total == 0)
				die(EINVAL, "plan: %s", err);
			plan = malloc(total);
			if (plan == NULL)
				die(ENOMEM, "receive plan of %zu bytes", total);
		}
		if (n > total - have)
			die(EINVAL, "plan: more bytes than the header announced");
		memcpy(plan + have, chunk, n);
		have += n;
		if (have == total)
			break;
	}
	free(chunk);
	*len = total;
	return plan;
}

static _Noreturn void vdie(int err, int append, const char *fmt, va_list ap)
{
	char text[MSG_MAX_ERROR_TEXT + 1];
	unsigned char buf[4 + MSG_MAX_ERROR_TEXT];
	int n = vsnprintf(text, sizeof text, fmt, ap);

	if (n >= 0 && append && err != 0 && (size_t)n < sizeof text)
		snprintf(text + n, sizeof text - (size_t)n, ": %s", strerror(err));
	size_t tl = strnlen(text, MSG_MAX_ERROR_TEXT);
	/* One line, as the protocol promises, whatever a path from the plan contained. */
	for (size_t i = 0; i < tl; i++)
		if (text[i] == '\n' || text[i] == '\r')
			text[i] = ' ';
	if (g_sock >= 0) {
		put32(buf, (uint32_t)err);
		memcpy(buf + 4, text, tl);
		msg_send(MSG_ERROR, buf, 4 + tl);
	} else {
		dprintf(2, "jrunc-init: %.*s\n", (int)tl, text);
	}
	_exit(1);
}

void die(int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdie(err, 1, fmt, ap);
}

void die_text(int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdie(err, 0, fmt, ap);
}

/* Room for the largest message the init sends the runtime side (an ERROR with its text);
 * the same bound as InitChannel.MAX_MESSAGE on the Java side. */
#define MAX_AWAITED 8192

static enum msg_outcome why_failed(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum msg_outcome why_failed(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return MSG_FAILED;
}

enum msg_outcome msg_await(int sock, uint32_t want, unsigned char *buf, size_t cap, size_t *len, int *fd_out,
			   long long deadline, char *why, size_t whylen)
{
	unsigned char msg[MAX_AWAITED + 1];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { msg, MAX_AWAITED };
	struct msghdr mh;
	ssize_t n;
	for (;;) {
		long long now = monotonic_millis();
		if (now >= deadline)
			return MSG_TIMED_OUT;
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		long long left = deadline - now;
		int r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r < 0 && errno != EINTR)
			return why_failed(why, whylen, "poll on the jrunc-init socket: %s", strerror(errno));
		if (r <= 0)
			continue;
		memset(&mh, 0, sizeof mh);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof control.buf;
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
		if (n >= 0)
			break;
		if (errno != EINTR)
			return why_failed(why, whylen, "receive from jrunc-init: %s", strerror(errno));
	}
	int fd = -1;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
		    cm->cmsg_len == CMSG_LEN(sizeof(int)) && fd < 0)
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (fd >= 0 && fd_out == NULL) {
		close(fd);	/* nothing we asked for */
		fd = -1;
	}
	enum msg_outcome out = MSG_GOT;
	uint32_t type = n >= 4 ? (uint32_t)msg[0] | (uint32_t)msg[1] << 8 | (uint32_t)msg[2] << 16 |
					 (uint32_t)msg[3] << 24 : 0;
	if (mh.msg_flags & MSG_CTRUNC)
		out = why_failed(why, whylen, "receive from jrunc-init: unexpected file descriptors");
	else if (n == 0)
		out = MSG_EOF;
	else if (n < 4)
		out = why_failed(why, whylen, "receive from jrunc-init: message too short");
	else if (type == MSG_ERROR) {
		msg[n] = '\0';
		out = why_failed(why, whylen, "unable to start container process: %s",
				 n < 8 ? "jrunc-init failed" : (char *)msg + 8);
	} else if (type != want || (size_t)n - 4 > cap)
		out = why_failed(why, whylen, "unexpected message %u from jrunc-init", type);
	else if (fd_out != NULL && fd < 0)
		out = why_failed(why, whylen, "receive from jrunc-init: no file descriptor with message %u", type);
	if (out != MSG_GOT) {
		if (fd >= 0)
			close(fd);
		return out;
	}
	memcpy(buf, msg + 4, (size_t)n - 4);
	if (len != NULL)
		*len = (size_t)n - 4;
	if (fd_out != NULL)
		*fd_out = fd;
	return MSG_GOT;
}
