# Receives the pty master over --console-socket (SCM_RIGHTS; java.nio cannot) and drives it.
# argv: socket path, command line to type, text that proves the command ran.
# Prints "received fd" lines, then the terminal transcript between BEGIN/END markers; exit 0 on
# success, 2 if the marker never appeared.
import os, select, socket, sys, time, fcntl, struct

TIOCGPTN = 0x80045430  # _IOR("T", 0x30, unsigned int), x86 and arm64

path, command, expect = sys.argv[1], sys.argv[2], sys.argv[3]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
print("listening", flush=True)
conn, _ = srv.accept()
msg, fds, flags, addr = socket.recv_fds(conn, 4096, 4)
print("received %d fd(s), message %r" % (len(fds), msg), flush=True)
if len(fds) != 1:
    sys.exit(3)
master = fds[0]
# Only a pty master answers TIOCGPTN (its slave's number).
n = struct.unpack("I", fcntl.ioctl(master, TIOCGPTN, b"\0\0\0\0"))[0]
print("pty master of /dev/pts/%d" % n, flush=True)
os.write(master, command.encode() + b"\n")
buf = b""
deadline = time.time() + 30
while expect.encode() not in buf and time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.5)
    if r:
        try:
            buf += os.read(master, 4096)
        except OSError:
            break
os.write(master, b"exit\n")
print("BEGIN", flush=True)
sys.stdout.write(buf.decode(errors="replace"))
print("\nEND", flush=True)
sys.exit(0 if expect.encode() in buf else 2)
