#!/usr/bin/env python3
"""Runs a command (jrunc run/exec in the foreground) on the slave side of a fresh pty, as an
interactive shell would, and drives the container through the master:

  tty-driver.py OUT.json ROWS COLS NEWROWS NEWCOLS -- ARGV...

The container is expected to print its `stty size`, read one line, print `stty size` again
and "got:<line>". The driver waits for the first size, records the caller terminal's termios
(raw?), resizes the pty (the kernel then sends SIGWINCH to the command), types "hello" and
Enter, reads everything to the end and records the exit status and whether the termios came
back as they were before. The findings go to OUT.json; the transcript too."""
import fcntl, json, os, select, struct, subprocess, sys, termios, time

out_path, rows, cols, new_rows, new_cols = sys.argv[1], *map(int, sys.argv[2:6])
assert sys.argv[6] == "--"
argv = sys.argv[7:]

master, slave = os.openpty()
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
before = termios.tcgetattr(slave)


def make_ctty():
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                        preexec_fn=make_ctty, close_fds=True)
transcript = b""
result = {}


def read_until(pred, timeout):
    global transcript
    deadline = time.time() + timeout
    while not pred(transcript) and time.time() < deadline:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            transcript += data
    return pred(transcript)


first = ("%d %d" % (rows, cols)).encode()
result["first_size_seen"] = bool(read_until(lambda t: first in t, 30))
during = termios.tcgetattr(slave)
result["raw_during"] = not (during[3] & termios.ICANON) and not (during[3] & termios.ECHO)
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", new_rows, new_cols, 0, 0))
time.sleep(0.3)
os.write(master, b"hello\r")
read_until(lambda t: b"got:hello" in t, 30)
try:
    result["exit"] = proc.wait(timeout=30)
except subprocess.TimeoutExpired:
    proc.kill()
    result["exit"] = "timeout"
read_until(lambda t: False, 0.3)
after = termios.tcgetattr(slave)
result["restored"] = after == before
result["transcript"] = transcript.decode("utf-8", "replace")
with open(out_path, "w") as f:
    json.dump(result, f)
