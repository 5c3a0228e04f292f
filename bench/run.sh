#!/usr/bin/env bash
# Benchmarks jrunc against runc (and crun when it works here) with hyperfine, side by side:
#   run     foreground `run` of a busybox `true` bundle
#   cycle   create + start + wait for exit + delete, as separate runtime invocations
#   state   `state` of a created container
# Usage: bench/run.sh [--jrunc PATH] [--runs N] [--no-crun]
#   --jrunc PATH   the jrunc binary (default: $JRUNC or runtime-cli/target/jrunc/bin/jrunc);
#                  pass /usr/sbin/runc to try the script before jrunc exists
#   --runs N       measured runs per command (default 30; warm-up is 3)
# Writes bench/results/<scenario>-<timestamp>.json (hyperfine's JSON) and summary-<timestamp>.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
JRUNC="${JRUNC:-$repo/runtime-cli/target/jrunc/bin/jrunc}"
RUNC="${RUNC:-$(command -v runc || echo /usr/sbin/runc)}"
CRUN="${CRUN:-$(command -v crun || true)}"
RUNS=30
use_crun=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --jrunc) JRUNC="$2"; shift 2 ;;
        --jrunc=*) JRUNC="${1#*=}"; shift ;;
        --runs) RUNS="$2"; shift 2 ;;
        --runs=*) RUNS="${1#*=}"; shift ;;
        --no-crun) use_crun=0; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

[[ "$(id -u)" -eq 0 ]] || { echo "bench/run.sh must run as root" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed for the summary" >&2; exit 1; }
[[ -x "$JRUNC" ]] || { echo "jrunc binary not found: $JRUNC (build it, or pass --jrunc /usr/sbin/runc)" >&2; exit 1; }
[[ -x "$RUNC" ]] || { echo "runc not found: $RUNC" >&2; exit 1; }
[[ -x /bin/busybox ]] || { echo "/bin/busybox missing (apt-get install busybox-static)" >&2; exit 1; }

JRUNC="$(readlink -f "$JRUNC")"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$here/results"
mkdir -p "$results"
work="$(mktemp -d /tmp/jrunc-bench.XXXXXX)"
chmod 755 "$work"
tag="jb$$"                 # unique prefix of every container id of this run
mounted_hugetlb=0
made_hugetlb_dir=0

declare -A BIN=([jrunc]="$JRUNC" [runc]="$RUNC")
names=(jrunc runc)

cleanup() {
    set +e
    for n in "${names[@]}" crun; do
        local bin="${BIN[$n]:-}" root="$work/root-$n"
        [[ -n "$bin" && -d "$root" ]] || continue
        for id in $("$bin" --root "$root" list -q 2>/dev/null); do
            "$bin" --root "$root" delete --force "$id" >/dev/null 2>&1
        done
    done
    # Anything still mounted under the work dir (there should be nothing) goes lazily.
    grep -F " $work" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l 2>/dev/null
    if [[ $mounted_hugetlb -eq 1 ]]; then
        umount /sys/fs/cgroup/hugetlb 2>/dev/null || umount -l /sys/fs/cgroup/hugetlb
        [[ $made_hugetlb_dir -eq 1 ]] && rmdir /sys/fs/cgroup/hugetlb 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# --- the bundle: busybox `true`, runc-spec-like config, no terminal -----------------------------
bundle="$work/bundle"
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/dev" "$bundle/rootfs/sys" "$bundle/rootfs/tmp"
cp /bin/busybox "$bundle/rootfs/bin/busybox"
for a in sh true sleep; do ln -s busybox "$bundle/rootfs/bin/$a"; done
cat > "$bundle/config.json" <<'JSON'
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false,
    "user": {"uid": 0, "gid": 0},
    "args": ["true"],
    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
    "cwd": "/",
    "capabilities": {
      "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
    "noNewPrivileges": true
  },
  "root": {"path": "rootfs", "readonly": true},
  "hostname": "bench",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
    {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]}
  ],
  "linux": {
    "resources": {"devices": [{"allow": false, "access": "rwm"}]},
    "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}, {"type": "cgroup"}],
    "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
  }
}
JSON

# --- each runtime must run the bundle once before it is measured --------------------------------
try_run() { "$1" --root "$work/root-$2" run --bundle "$bundle" "$tag-probe-$2" >/dev/null 2>"$work/probe-$2.err"; }

for n in jrunc runc; do
    try_run "${BIN[$n]}" "$n" || { echo "$n cannot run the bundle:" >&2; cat "$work/probe-$n.err" >&2; exit 1; }
done

if [[ $use_crun -eq 1 && -n "$CRUN" ]]; then
    if ! try_run "$CRUN" crun; then
        # Debian's crun 1.8.1 wants a v1 hugetlb hierarchy on this hybrid layout; mount it for the
        # benchmark only (undone by the trap).
        if ! grep -q ' /sys/fs/cgroup/hugetlb ' /proc/self/mountinfo; then
            [[ -d /sys/fs/cgroup/hugetlb ]] || { mkdir /sys/fs/cgroup/hugetlb && made_hugetlb_dir=1; }
            if mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb; then
                mounted_hugetlb=1
                echo "crun needs a v1 hugetlb hierarchy here: mounted /sys/fs/cgroup/hugetlb (undone at exit)" >&2
            fi
        fi
        "$CRUN" --root "$work/root-crun" delete --force "$tag-probe-crun" >/dev/null 2>&1 || true
    fi
    if try_run "$CRUN" crun; then
        BIN[crun]="$CRUN"
        names+=(crun)
    else
        echo "crun does not work on this machine; measuring jrunc and runc only:" >&2
        sed 's/^/  /' "$work/probe-crun.err" >&2
    fi
fi

jrunc_note=""
if [[ "$("$JRUNC" --version 2>/dev/null | head -1)" == runc* ]]; then
    jrunc_note=" (NOTE: the 'jrunc' binary is runc standing in: $JRUNC)"
fi

# --- scenario helper for cycle: create, start, wait until init is gone, delete ------------------
cycle="$work/cycle.sh"
cat > "$cycle" <<'SH'
#!/bin/sh
# cycle.sh BIN ROOT BUNDLE ID
set -e
"$1" --root "$2" create --bundle "$3" --pid-file "$2.$4.pid" "$4"
pid=$(cat "$2.$4.pid")
"$1" --root "$2" start "$4"
while [ -d "/proc/$pid" ] && ! grep -q '^State:.Z' "/proc/$pid/status" 2>/dev/null; do sleep 0.001; done
"$1" --root "$2" delete "$4"
rm -f "$2.$4.pid"
SH
chmod +x "$cycle"

hf() { # hf SCENARIO CMD-ARGS... (pairs of name and command)
    local scenario="$1"; shift
    local args=()
    while [[ $# -gt 0 ]]; do args+=(-n "$1" "$2"); shift 2; done
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$results/$scenario-$stamp.json" "${args[@]}"
}

echo "== run: foreground run of busybox true$jrunc_note"
cmds=()
for n in "${names[@]}"; do cmds+=("$n" "${BIN[$n]} --root $work/root-$n run --bundle $bundle $tag-run-$n"); done
hf run "${cmds[@]}"

echo "== cycle: create + start + wait + delete as separate commands$jrunc_note"
cmds=()
for n in "${names[@]}"; do cmds+=("$n" "$cycle ${BIN[$n]} $work/root-$n $bundle $tag-cycle-$n"); done
hf cycle "${cmds[@]}"

echo "== state of a created container$jrunc_note"
cmds=()
for n in "${names[@]}"; do
    "${BIN[$n]}" --root "$work/root-$n" create --bundle "$bundle" "$tag-state-$n"
    cmds+=("$n" "${BIN[$n]} --root $work/root-$n state $tag-state-$n")
done
hf state "${cmds[@]}"
for n in "${names[@]}"; do "${BIN[$n]}" --root "$work/root-$n" delete --force "$tag-state-$n"; done

python3 - "$results" "$stamp" "$JRUNC" "$jrunc_note" <<'PY'
import json, sys
results, stamp, jrunc, note = sys.argv[1:5]
summary = {"timestamp": stamp, "jrunc": jrunc, "standIn": bool(note), "scenarios": {}}
rows = []
for sc in ("run", "cycle", "state"):
    data = json.load(open(f"{results}/{sc}-{stamp}.json"))
    means = {r["command"]: r["mean"] for r in data["results"]}
    summary["scenarios"][sc] = {k: {"mean_s": v} for k, v in means.items()}
    ratio = lambda other: (means["jrunc"] / means[other]) if other in means else None
    summary["scenarios"][sc]["jrunc/runc"] = ratio("runc")
    summary["scenarios"][sc]["jrunc/crun"] = ratio("crun")
    rows.append((sc, means.get("jrunc"), means.get("runc"), means.get("crun"), ratio("runc"), ratio("crun")))
json.dump(summary, open(f"{results}/summary-{stamp}.json", "w"), indent=2)
ms = lambda v: "-" if v is None else f"{v * 1000:.1f} ms"
rt = lambda v: "-" if v is None else f"{v:.2f}x"
print()
print(f"mean times{note}")
print(f"{'scenario':<10}{'jrunc':>12}{'runc':>12}{'crun':>12}{'jrunc/runc':>12}{'jrunc/crun':>12}")
for sc, j, r, c, jr, jc in rows:
    print(f"{sc:<10}{ms(j):>12}{ms(r):>12}{ms(c):>12}{rt(jr):>12}{rt(jc):>12}")
print(f"\nresults: {results}/*-{stamp}.json")
PY
