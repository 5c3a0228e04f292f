/*
 * The NOTIFY_SOCKET proxy, as runc's: a container created while NOTIFY_SOCKET was set has
 * <state dir>/notify bind-mounted at /run/notify, and NOTIFY_SOCKET=/run/notify/notify.sock in
 * its environment. Whoever starts it (start, run) binds a datagram socket there first and
 * passes the container's READY= line on to the caller's NOTIFY_SOCKET, followed by MAINPID.
 */
#ifndef JRUNC_NOTIFY_H
#define JRUNC_NOTIFY_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The bound socket for the container whose exec fifo is fifo, or -1: with errno 0 when there
 * is nothing to do (no NOTIFY_SOCKET now, or none at create), else the failure's errno.
 */
int notify_open(const char *fifo);
/*
 * Reads one datagram from sock; when it holds a READY= line, sends that line and then
 * "MAINPID=<mainpid>" to the caller's NOTIFY_SOCKET and returns 1. 0: not yet. -1: errno.
 */
int notify_take(int sock, pid_t mainpid);
/*
 * start's wait, as runc's: until the container says READY= (passed on, returns 0) or the
 * process behind pidfd dies (returns 0, nothing sent); -1 with errno on failure.
 */
int notify_wait(int sock, int pidfd, pid_t mainpid);

#endif
