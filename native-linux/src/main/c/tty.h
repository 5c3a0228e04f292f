/*
 * jrunc's own terminal for a foreground `run` or `exec` with process.terminal: the caller's
 * stdin in raw mode (restored at exit), stdin relayed to the pty master and the master to
 * stdout, the caller's window size copied onto the pty at start and on SIGWINCH.
 */
#ifndef JRUNC_TTY_H
#define JRUNC_TTY_H

#include <poll.h>

struct tty_relay {
	int master;	/* the container's pty master, -1 once the pty side is gone */
	int in_open;	/* stdin still relayed */
	int out_ok;	/* stdout still takes what the container writes */
};

/* Takes over master; returns -1 with errno when the pty cannot be set up. */
int tty_start(struct tty_relay *t, int master);
/* The caller's window size (stdin, when a terminal) onto the pty; quiet when there is none. */
void tty_resize(const struct tty_relay *t);
/* Fills at most two pollfds (stdin, master); returns how many. */
int tty_pollfds(const struct tty_relay *t, struct pollfd *pf);
/* Acts on the revents of what tty_pollfds filled. */
void tty_ready(struct tty_relay *t, const struct pollfd *pf, int n);
/* After the process is gone: what it wrote last still reaches stdout. */
void tty_drain(struct tty_relay *t);
/* Puts the caller's terminal back as it was (also run at exit). */
void tty_restore(void);

#endif
