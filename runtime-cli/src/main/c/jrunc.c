/*
 * bin/jrunc: execs the JVM that runs jrunc.
 *
 * A C launcher rather than a shell script because clients run jrunc with no PATH at all
 * (podman passes only XDG_RUNTIME_DIR), the process must keep its pid (LISTEN_PID, pid
 * files, the caller's wait), and nothing but jrunc's own output may reach stderr.
 * The distribution's home is found through /proc/self/exe, so it may be moved or
 * symlinked; the JVM's path is fixed when the distribution is built.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef JRUNC_JAVA
#error "JRUNC_JAVA must name the java binary"
#endif

#define MAX_ARGS 4096
#define CLASSPATH_MAX 16384

static const char *const jvm_options[] = {
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:CICompilerCount=1",
    "-Xss512k",
    "-Xms8m",
    "-Xmx256m",
    "-XX:-UsePerfData",
    /* Warnings would corrupt what clients parse from stderr. */
    "-Xlog:disable",
    "-XX:-PrintWarnings",
    "--enable-native-access=ALL-UNNAMED",
    /* jffi uses sun.misc.Unsafe; JDK 24+ would warn about it on stderr. */
    "--sun-misc-unsafe-memory-access=allow",
    "-Djava.io.tmpdir=/tmp",
    NULL,
};

static void die(const char *what)
{
    fprintf(stderr, "jrunc: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* prefix + home + suffix into buf, or exit: a cut path would name another file. */
static char *compose(char *buf, size_t size, const char *prefix, const char *home, const char *suffix)
{
    size_t a = strlen(prefix), b = strlen(home), c = strlen(suffix);
    if (a + b + c + 1 > size) {
        errno = ENAMETOOLONG;
        die(suffix);
    }
    memcpy(buf, prefix, a);
    memcpy(buf + a, home, b);
    memcpy(buf + a + b, suffix, c + 1);
    return buf;
}

/* home/lib/classpath holds jar names separated by ':'; each is made absolute. */
static char *read_classpath(const char *home)
{
    char path[PATH_MAX];
    compose(path, sizeof path, "", home, "/lib/classpath");
    FILE *f = fopen(path, "re");
    if (f == NULL)
        die(path);
    char names[CLASSPATH_MAX];
    size_t n = fread(names, 1, sizeof names - 1, f);
    fclose(f);
    names[n] = '\0';
    names[strcspn(names, "\n")] = '\0';

    static char cp[CLASSPATH_MAX * 2];
    size_t used = 0;
    for (char *save = NULL, *name = strtok_r(names, ":", &save); name != NULL; name = strtok_r(NULL, ":", &save)) {
        int w = snprintf(cp + used, sizeof cp - used, "%s%s/lib/%s", used ? ":" : "", home, name);
        if (w < 0 || (size_t)w >= sizeof cp - used) {
            errno = ENAMETOOLONG;
            die("classpath");
        }
        used += (size_t)w;
    }
    return cp;
}

int main(int argc, char **argv)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len < 0)
        die("readlink /proc/self/exe");
    exe[len] = '\0';
    /* exe is home/bin/jrunc */
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (slash == NULL || slash == exe) {
            errno = EINVAL;
            die("locate distribution");
        }
        *slash = '\0';
    }
    const char *home = exe;

    unsetenv("JAVA_TOOL_OPTIONS");
    unsetenv("_JAVA_OPTIONS");
    unsetenv("JDK_JAVA_OPTIONS");
    unsetenv("CLASSPATH");

    static char home_prop[PATH_MAX + 64], aot[PATH_MAX + 64], jffi[PATH_MAX + 64];
    compose(home_prop, sizeof home_prop, "-Djrunc.home=", home, "");
    compose(aot, sizeof aot, "-XX:AOTCache=", home, "/lib/jrunc.aot");
    compose(jffi, sizeof jffi, "-Djffi.boot.library.path=", home, "/lib/native");

    if (argc > MAX_ARGS) {
        errno = E2BIG;
        die("arguments");
    }
    static char *args[MAX_ARGS + 64];
    int i = 0;
    args[i++] = (char *)JRUNC_JAVA;
    for (const char *const *o = jvm_options; *o != NULL; o++)
        args[i++] = (char *)*o;
    /*
     * The build's training run goes through this same launcher so that the cache is made
     * with exactly the flags it is later used with (the JVM refuses a cache made otherwise).
     */
    const char *train = getenv("JRUNC_AOT_TRAIN");
    static char train_opt[PATH_MAX + 64];
    char aot_file[PATH_MAX + 64];
    compose(aot_file, sizeof aot_file, "", home, "/lib/jrunc.aot");
    if (train != NULL && train[0] != '\0') {
        args[i++] = compose(train_opt, sizeof train_opt, "-XX:AOTCacheOutput=", train, "");
    } else if (access(aot_file, R_OK) == 0) {
        args[i++] = aot;
    }
    args[i++] = home_prop;
    args[i++] = jffi;
    args[i++] = "-cp";
    args[i++] = read_classpath(home);
    args[i++] = train != NULL && train[0] != '\0' ? "dev.jrunc.cli.Training" : "dev.jrunc.cli.Main";
    for (int a = 1; a < argc; a++)
        args[i++] = argv[a];
    args[i] = NULL;

    execv(JRUNC_JAVA, args);
    die("exec " JRUNC_JAVA);
}
