/* The container's terminal: a pty from the container's own devpts, master to the console socket. */
#include "init.h"
#include "msg.h"
#include "pathres.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

static void send_master(int sock, int master)
{
	static const char name[] = "/dev/ptmx";
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)name, sizeof name - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };
	memset(u.buf, 0, sizeof u.buf);
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &master, sizeof(int));
	/* Exactly one sendmsg: the receiver reads one message carrying the fd. */
	ssize_t n;
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		die(errno, "send the pty master to the console socket");
}

/*
 * The bind target /dev/console, created as an empty file if missing. An image symlink there is
 * refused, not followed (CVE-2025-52565; runc creates it with O_NOFOLLOW): the pty must cover
 * /dev/console itself, never a target the image picked, such as a procfs file.
 */
static int console_target(struct init_ctx *c)
{
	char name[PATH_MAX];
	struct stat st;
	int parent = pr_parent(c->rootfd, "/dev/console", name);
	if (parent < 0)
		die(errno, "open /dev in the container for /dev/console");
	int f = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (f < 0 && errno != EEXIST)
		die(errno, "create /dev/console in the container");
	if (f >= 0)
		close(f);
	int target = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (target < 0 || fstat(target, &st) < 0)
		die(errno, "open /dev/console in the container");
	if (S_ISLNK(st.st_mode))
		die(ELOOP, "/dev/console in the container is a symlink");
	if (S_ISDIR(st.st_mode))
		die(EISDIR, "/dev/console in the container");
	close(parent);
	return target;
}

/* A pty from the container's own devpts: returns the master; the peer goes to c->pty_peer. */
static int open_pty(struct init_ctx *c)
{
	struct plan *p = c->p;
	int ptmx = pr_open(c->rootfd, "/dev/pts/ptmx", O_RDWR | O_NOCTTY);
	if (ptmx < 0)
		ptmx = pr_open(c->rootfd, "/dev/ptmx", O_RDWR | O_NOCTTY);
	if (ptmx < 0)
		die(errno, "open /dev/pts/ptmx in the container");
	struct stat st;
	if (fstat(ptmx, &st) < 0)
		die(errno, "stat ptmx");
	if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2)
		die(0, "ptmx in the container is not the pty multiplexer");
	int unlock = 0;
	if (ioctl(ptmx, TIOCSPTLCK, &unlock) < 0)
		die(errno, "unlock pty");
	/* The peer comes from the master itself, never from a /dev/pts/N path (CVE-2025-52565). */
	int peer = ioctl(ptmx, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (peer < 0)
		die(errno, "open the pty peer");
	if (p->rows != 0 || p->cols != 0) {
		struct winsize ws = { .ws_row = (unsigned short)p->rows, .ws_col = (unsigned short)p->cols };
		if (ioctl(ptmx, TIOCSWINSZ, &ws) < 0)
			die(errno, "set the terminal size");
	}
	c->pty_peer = peer;
	return ptmx;
}

static void hand_over_master(struct init_ctx *c, int ptmx)
{
	send_master(c->console_fd, ptmx);
	close(ptmx);
	close(c->console_fd);
	c->console_fd = -1;
}

void setup_console(struct init_ctx *c)
{
	if (!c->p->has_terminal)
		return;
	if (c->console_fd < 0)
		die(EINVAL, "terminal requested without a console socket");
	int ptmx = open_pty(c);
	int target = console_target(c);
	int m = attach_clone(c->pty_peer, "", 0, 0, target);
	if (m < 0)
		die(errno, "bind the pty over /dev/console");
	close(m);
	close(target);
	hand_over_master(c, ptmx);
}

void exec_console(struct init_ctx *c)
{
	if (!c->p->has_terminal)
		return;
	if (c->console_fd < 0)
		die(EINVAL, "terminal requested without a console socket");
	/* An exec'd process gets a pty of its own; /dev/console stays the init's. */
	hand_over_master(c, open_pty(c));
}

void console_stdio(struct init_ctx *c)
{
	if (c->pty_peer < 0)
		return;
	if (setsid() < 0)
		die(errno, "setsid");
	if (ioctl(c->pty_peer, TIOCSCTTY, 0) < 0)
		die(errno, "make the pty the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(c->pty_peer, fd) < 0)
			die(errno, "dup the pty to fd %d", fd);
	close(c->pty_peer);
	c->pty_peer = -1;
}
