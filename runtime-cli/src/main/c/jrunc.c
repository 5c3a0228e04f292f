/*
 * bin/jrunc: runs the JVM that decides what jrunc does, then carries the decision out by
 * execve()ing libexec/jrunc-init in this same process.
 *
 * The JVM runs as our child. It may end by writing a "handoff" on the pipe whose fd number
 * is in JRUNC_HANDOFF_FD: the argument vector for jrunc-init, NUL-terminated strings, then
 * one empty string as the end mark (a handoff cut short by a crash has no end mark and is
 * ignored). Once the handoff is complete we execve jrunc-init with it, so the native steps (kill,
 * the exec fifo, waiting, the supervisor) happen without any FFI binding in the JVM, and
 * the pid the caller started is the pid that finishes the command (its wait, --pid-file,
 * LISTEN_PID). Without a handoff we exit as the JVM did (its code, or its signal).
 *
 * A C launcher rather than a shell script because clients run jrunc with no PATH at all
 * (podman passes only XDG_RUNTIME_DIR), the process must keep its pid (LISTEN_PID, pid
 * files, the caller's wait), and nothing but jrunc's own output may reach stderr.
 * The distribution's home is found through /proc/self/exe, so it may be moved or
 * symlinked; the JVM's path is fixed when the distribution is built.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef JRUNC_JAVA
#error "JRUNC_JAVA must name the java binary"
#endif

#define MAX_ARGS 4096
#define CLASSPATH_MAX 16384
/* A handoff is a few paths and pids; 1 MiB is far above any real one and bounds our memory. */
#define HANDOFF_MAX (1024 * 1024)
#define HANDOFF_ARGS_MAX 65536

/* Signals a caller uses to stop jrunc: passed on to the JVM while it decides. */
static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
static volatile sig_atomic_t jvm_pid;
/* The last stop signal passed to the JVM, or 0. */
static volatile sig_atomic_t last_forwarded;

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
    /*
     * picocli registers converters for java.time, java.sql and Path by reflection in every
     * command (java.sql is a whole module to load); jrunc's options are strings, booleans
     * and ints, whose converters are not affected.
     */
    "-Dpicocli.converters.excludes=java\\..*",
    NULL,
};

static _Noreturn void die(const char *what)
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

static void forward(int sig)
{
    int saved = errno;
    pid_t pid = jvm_pid;
    if (pid > 0) {
        kill(pid, sig);
        last_forwarded = sig;
    }
    errno = saved;
}

static void block_forwarded(int how)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaddset(&set, forwarded[i]);
    if (sigprocmask(how, &set, NULL) < 0)
        die("sigprocmask");
}

/* Complete = ends with "\0\0": the last argument's NUL, then the empty end mark. */
static int handoff_complete(const char *buf, size_t used)
{
    return used >= 2 && buf[used - 1] == '\0' && buf[used - 2] == '\0';
}

/*
 * Reads the handoff until it is complete, or until EOF (the JVM exited without one, or
 * died half-way). Arguments are never empty (Handoff refuses them), so "\0\0" occurs only
 * at the end: we need not wait for the JVM's exit, whose teardown (unmapping its heap and
 * AOT cache) would otherwise be on every command's critical path. Returns the number of
 * arguments put in argv, 0 when there is no complete handoff. The buffer is static: its
 * strings become jrunc-init's argv.
 */
static int read_handoff(int fd, char **argv)
{
    static char buf[HANDOFF_MAX];
    size_t used = 0;
    while (!handoff_complete(buf, used)) {
        ssize_t n = read(fd, buf + used, sizeof buf - used);
        if (n < 0 && errno == EINTR)
            continue;        /* a forwarded signal interrupted us; keep reading */
        if (n < 0)
            die("read handoff");
        if (n == 0)
            return 0;
        used += (size_t)n;
        if (used == sizeof buf) {
            errno = E2BIG;
            die("handoff");
        }
    }
    int n = 0;
    for (size_t at = 0; at < used - 1; at += strlen(buf + at) + 1) {
        if (n >= HANDOFF_ARGS_MAX) {
            errno = E2BIG;
            die("handoff");
        }
        argv[n++] = buf + at;
    }
    argv[n] = NULL;
    return n;
}

static _Noreturn void run_jvm(const char *home, char **args)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0)
        die("pipe");
    char fdnum[16];
    snprintf(fdnum, sizeof fdnum, "%d", pipefd[1]);
    if (setenv("JRUNC_HANDOFF_FD", fdnum, 1) < 0)
        die("setenv");
    /*
     * Orphans of the JVM become ours: a container init the JVM started (stage 0 clones it
     * with CLONE_PARENT) must be our child when a foreground run's supervisor takes over
     * in this process. Without a handoff we exit soon after and they move on up, as before.
     */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
        die("prctl(PR_SET_CHILD_SUBREAPER)");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: read and waitpid return EINTR and we simply go on. */
    /* Blocked across fork, so that no signal finds jvm_pid not yet set. */
    block_forwarded(SIG_BLOCK);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        if (sigaction(forwarded[i], &sa, NULL) < 0)
            die("sigaction");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        /* The JVM must not outlive us: with us gone nobody would carry out its handoff. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
            die("prctl(PR_SET_PDEATHSIG)");
        if (getppid() == 1)
            _exit(1);
        /* Only the write end reaches the JVM; caller fds (--preserve-fds, LISTEN_FDS) pass as they are. */
        int flags = fcntl(pipefd[1], F_GETFD);
        if (flags < 0 || fcntl(pipefd[1], F_SETFD, flags & ~FD_CLOEXEC) < 0)
            die("handoff fd");
        for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
            signal(forwarded[i], SIG_DFL);
        block_forwarded(SIG_UNBLOCK);
        execv(JRUNC_JAVA, args);
        die("exec " JRUNC_JAVA);
    }
    jvm_pid = pid;
    block_forwarded(SIG_UNBLOCK);
    if (close(pipefd[1]) < 0)
        die("close handoff");
    if (unsetenv("JRUNC_HANDOFF_FD") < 0)
        die("unsetenv");

    static char *init_args[HANDOFF_ARGS_MAX + 2];
    int nargs = read_handoff(pipefd[0], init_args + 1);
    if (nargs > 0) {
        /*
         * The JVM has decided and says nothing more; it may still be exiting, and stays our
         * child across execve (jrunc-init reaps it, or it goes to the subreaper above us).
         * From here a stop signal is kept pending rather than sent to a JVM that no longer
         * acts: pending signals and the mask survive execve, so jrunc-init sees it (the
         * supervisor of a foreground run reads it from its signalfd; the other modes
         * unblock it at once). One that reached the JVM while it decided is made pending
         * again: it was meant for the command, which goes on in jrunc-init.
         */
        block_forwarded(SIG_BLOCK);
        jvm_pid = 0;
        if (last_forwarded != 0)
            raise(last_forwarded);
        close(pipefd[0]);
        static char init[PATH_MAX];
        compose(init, sizeof init, "", home, "/libexec/jrunc-init");
        init_args[0] = "jrunc-init";
        execv(init, init_args);
        die(init);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die("waitpid");
    block_forwarded(SIG_BLOCK);
    jvm_pid = 0;
    close(pipefd[0]);
    if (WIFEXITED(status))
        exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        /* End the way the JVM ended, so the caller sees the same status as before. */
        int sig = WTERMSIG(status);
        signal(sig, SIG_DFL);
        block_forwarded(SIG_UNBLOCK);
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, sig);
        sigprocmask(SIG_UNBLOCK, &one, NULL);
        raise(sig);
    }
    exit(255);
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

    if (train != NULL && train[0] != '\0') {
        /* The training run makes no handoff: keep it the plain exec it always was. */
        execv(JRUNC_JAVA, args);
        die("exec " JRUNC_JAVA);
    }
    run_jvm(home, args);
}
