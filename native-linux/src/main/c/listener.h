/* The spec's seccomp listener hand-over, shared by create (the init) and exec. */
#ifndef JRUNC_LISTENER_H
#define JRUNC_LISTENER_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Connects to the listener at `path` and sends, in one stream, the container process state
 * parts[0] pid parts[1] ... pid parts[n-1] with `notify_fd` attached, then closes; our copy
 * of notify_fd is closed either way. The JVM wrote the JSON around the places the pid goes,
 * so no JSON is made here. Returns 0, or -1 with errno set and *step naming what failed
 * ("connect to seccomp listener", ...), for the caller's own error line.
 */
int listener_send(const char *path, char *const *parts, size_t n, pid_t pid, int notify_fd, const char **step);

#endif
