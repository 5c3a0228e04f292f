#ifndef JRUNC_PLANFILE_H
#define JRUNC_PLANFILE_H

#include <stddef.h>

/* The largest plan file the JVM writes (create's or exec's). */
#define PLAN_FILE_MAX (8u * 1024 * 1024)

/*
 * Reads the plan file the JVM left and unlinks it (it is the container's whole recipe).
 * Returns a malloc'd buffer, or NULL with errno set and *what naming the step that failed;
 * the caller reports it in its own words and undoes its own work.
 */
unsigned char *plan_file_take(const char *path, size_t *len, const char **what);

#endif
