/* Writing a new user namespace's id maps, directly or through newuidmap/newgidmap. */
#ifndef JRUNC_IDMAP_H
#define JRUNC_IDMAP_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Installs TEXT ("inside outside count" lines) as /proc/PID/<FILE> ("uid_map" or
 * "gid_map"): written directly when TOOL is NULL, else by running TOOL (the setuid
 * newuidmap/newgidmap, which checks the ranges against /etc/subuid, /etc/subgid) as
 * "TOOL PID inside outside count ...". 0, or -1 with ERR filled.
 */
int idmap_apply(pid_t pid, const char *file, const char *text, const char *tool, char *err, size_t errlen);

/* Writes "deny" to /proc/PID/setgroups: the kernel's condition for an unprivileged gid_map. */
int idmap_deny_setgroups(pid_t pid, char *err, size_t errlen);

#endif
