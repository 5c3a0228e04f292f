#ifndef JRUNC_SEAL_H
#define JRUNC_SEAL_H
/*
 * Makes the process non-dumpable and, unless it already runs from one, re-executes it from
 * a sealed memfd copy of its own image (CVE-2019-5736: a container must never reach the
 * host binary through /proc/<pid>/exe). Returns only when running sealed; dies otherwise.
 */
void seal_self(char **argv);
#endif
