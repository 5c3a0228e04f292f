/* The foreground terminal relay (tty.h); runs in the supervisor, a single-threaded process. */
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define RELAY_BUF 8192

/* What stdin was before raw mode; only written once, by tty_start. */
static struct termios saved;
static int saved_valid;

void tty_restore(void)
{
	if (!saved_valid)
		return;
	/* TCSADRAIN: the container's last output is shown with the old settings' line endings too. */
	while (tcsetattr(0, TCSADRAIN, &saved) < 0 && errno == EINTR)
		;
	saved_valid = 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };
			poll(&pf, 1, 1000);
			continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int tty_start(struct tty_relay *t, int master)
{
	t->master = master;
	t->in_open = 1;
	t->out_ok = 1;
	/* Keystrokes must reach the container's terminal unprocessed: it does the line editing. */
	if (isatty(0) && tcgetattr(0, &saved) == 0) {
		struct termios raw = saved;
		cfmakeraw(&raw);
		saved_valid = 1;
		if (atexit(tty_restore) != 0 || tcsetattr(0, TCSANOW, &raw) < 0) {
			int e = errno;
			tty_restore();
			errno = e;
			return -1;
		}
	}
	tty_resize(t);
	return 0;
}

void tty_resize(const struct tty_relay *t)
{
	struct winsize ws;
	/* runc takes the size from stdin only; with no terminal there, consoleSize stays. */
	if (t->master < 0 || !isatty(0) || ioctl(0, TIOCGWINSZ, &ws) < 0)
		return;
	/* Errors are moot: the pty may be going away as the container exits. */
	(void)ioctl(t->master, TIOCSWINSZ, &ws);
}

int tty_pollfds(const struct tty_relay *t, struct pollfd *pf)
{
	int n = 0;
	if (t->master < 0)
		return 0;
	if (t->in_open)
		pf[n++] = (struct pollfd){ .fd = 0, .events = POLLIN };
	pf[n++] = (struct pollfd){ .fd = t->master, .events = POLLIN };
	return n;
}

static void from_stdin(struct tty_relay *t)
{
	char buf[RELAY_BUF];
	ssize_t n = read(0, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	/* End of input: as runc, the pty simply gets no more (no EOF character is made up). */
	if (n <= 0 || write_all(t->master, buf, (size_t)n) < 0)
		t->in_open = 0;
}

/* Returns 0 while the pty has more to give. */
static int from_master(struct tty_relay *t)
{
	char buf[RELAY_BUF];
	ssize_t n = read(t->master, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return -1;
	if (n <= 0) {
		/* EIO: every holder of the pty's other side has closed it. */
		close(t->master);
		t->master = -1;
		return -1;
	}
	/* A caller that stopped reading must not stall the container: its output is dropped. */
	if (t->out_ok && write_all(1, buf, (size_t)n) < 0)
		t->out_ok = 0;
	return 0;
}

void tty_ready(struct tty_relay *t, const struct pollfd *pf, int n)
{
	for (int i = 0; i < n; i++) {
		if (pf[i].revents == 0)
			continue;
		if (pf[i].fd == 0 && t->in_open) {
			if (pf[i].revents & POLLIN)
				from_stdin(t);
			else
				t->in_open = 0;	/* hung up or invalid, nothing to read */
		} else if (pf[i].fd == t->master && t->master >= 0) {
			from_master(t);
		}
	}
}

void tty_drain(struct tty_relay *t)
{
	if (t->master < 0)
		return;
	int fl = fcntl(t->master, F_GETFL);
	if (fl >= 0 && fcntl(t->master, F_SETFL, fl | O_NONBLOCK) == 0)
		while (t->master >= 0 && from_master(t) == 0)
			;
	if (t->master >= 0) {
		close(t->master);
		t->master = -1;
	}
}
