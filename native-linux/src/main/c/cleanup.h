/* Taking a container down: shared by `supervise` (after a foreground run) and `delete`. */
#ifndef JRUNC_CLEANUP_H
#define JRUNC_CLEANUP_H

#include <sys/types.h>

/* SIGKILL to a child of ours, then its reap (an undo step: errors are moot). */
void kill_and_reap(pid_t pid);
/* Reaps every exited child; returns 1 and sets *status when pid was among them. */
int reap_children(pid_t pid, int *status);
/*
 * Kills and removes a cgroup directory and the ones the container made below it:
 * cgroup.kill where it exists, else SIGKILL to each pid of cgroup.procs, then rmdir,
 * retrying every 10 ms for up to 2 s while the kernel says EBUSY.
 */
void remove_cgroup_tree(const char *dir);
/* Unlinks the entries of a (flat) state directory, then the directory. */
void remove_state_dir(const char *dir);

#endif
