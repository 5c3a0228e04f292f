/* Small control files (id maps, cgroup.procs, oom_score_adj) written the way the kernel wants. */
#ifndef JRUNC_TEXTFILE_H
#define JRUNC_TEXTFILE_H

/*
 * Writes TEXT to the existing file PATH in a single write(2): id maps are taken only in one
 * write, and a short write to any control file is an error, not something to continue.
 * 0, or -1 with errno set (EIO for a short write).
 */
int write_text_once(const char *path, const char *text);

#endif
