/* Lifecycle hooks; docs/init-protocol.md section 9. */
#ifndef JRUNC_HOOKS_H
#define JRUNC_HOOKS_H

#include "plan.h"

#include <stddef.h>
#include <stdint.h>

/* The config.json name of a hook kind ("createRuntime"). */
const char *hook_kind_name(uint32_t kind);
/* Whether the plan holds at least one hook of this kind. */
int hooks_any(const struct plan *p, uint32_t kind);
/*
 * Runs the hooks of one kind in plan order with the state (status, and pid when > 0) on
 * stdin, stopping at the first failure: returns 0, or -1 with runc's words in err
 * ("error running createRuntime hook #0: exit status 1, stdout: ..., stderr: ...").
 */
int hooks_run(const struct plan *p, uint32_t kind, const char *status, int pid, char *err, size_t errlen);
/* Runs every hook of one kind; a failure becomes a warning in runc's log and the rest still run. */
void hooks_run_warn(const struct plan *p, uint32_t kind, const char *status, int pid);
/* Reads a hooks file (a plan of HOOK and HOOK_STATE ops). Returns 0, or -1 with err set. */
int hooks_load(const char *path, struct plan *p, char *err, size_t errlen);

#endif
