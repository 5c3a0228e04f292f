#!/usr/bin/env bash
# Builds the plan reader's libFuzzer target (clang, ASan + UBSan) and runs it for a bounded
# time over a seed corpus. Exit 0: no crash, no sanitizer report, no leak; anything else fails.
#   run-fuzz.sh SECONDS SEED_DIR OUT_DIR
set -euo pipefail

seconds="$1"
seeds="$2"
out="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../../main/c"

command -v clang >/dev/null || { echo "run-fuzz.sh: clang not found (apt-get install clang)" >&2; exit 3; }
mkdir -p "$out/corpus" "$out/artifacts"
clang -std=c11 -g -O1 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$src" \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -o "$out/plan_fuzz" "$here/plan_fuzz.c" "$src/plan.c"
# The corpus grows in OUT_DIR/corpus; the seeds are read only. One process, one job: the
# machine is shared.
exec "$out/plan_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$out/corpus" "$seeds"
