#!/usr/bin/env bash
# Lays out the distribution: bin/jrunc (C launcher), lib/*.jar + lib/classpath,
# lib/native (jffi's JNI stub, so it is not unpacked to /tmp on every run),
# libexec/jrunc-init, lib/jrunc.aot (AOT cache from a training run), and a tarball.
# Called by Maven in runtime-cli's package phase: make-dist.sh DIST NATIVE_DIR VERSION
set -euo pipefail
dist=$1 native=$2 version=$3
here=$(cd "$(dirname "$0")" && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$java_home/bin/java"
[ -x "$java" ] || { echo "make-dist: no java at $java (set JAVA_HOME)" >&2; exit 1; }

mkdir -p "$dist/bin" "$dist/lib/native" "$dist/libexec"
cc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
   -fPIE -pie -Wl,-z,relro,-z,now -DJRUNC_JAVA="\"$java\"" \
   -o "$dist/bin/jrunc" "$here/../main/c/jrunc.c"
install -m 0755 "$native/jrunc-init" "$dist/libexec/jrunc-init"

# The CLI jar first, the rest sorted: the order must not change between the training run
# and later runs, or the JVM rejects the AOT cache.
( cd "$dist/lib" && { echo jrunc-cli.jar; ls -1 *.jar | grep -v '^jrunc-cli.jar$' | grep -v -- '-native\.jar$' | sort; } | paste -sd: ) > "$dist/lib/classpath"

jffi_native=$(ls "$dist"/lib/jffi-*-native.jar 2>/dev/null | head -n1 || true)
if [ -n "$jffi_native" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && "$java_home/bin/jar" xf "$jffi_native" jni/x86_64-Linux/libjffi-1.2.so)
  install -m 0644 "$tmp/jni/x86_64-Linux/libjffi-1.2.so" "$dist/lib/native/libjffi-1.2.so"
  rm -rf "$tmp"
fi

# The example bundle's rootfs: one static program, built here, nothing downloaded.
example="$here/../../../examples/hello"
mkdir -p "$example/rootfs/bin" "$example/rootfs/proc" "$example/rootfs/dev" "$example/rootfs/sys" "$example/rootfs/tmp"
cc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$example/rootfs/bin/hello" "$example/src/hello.c"

rm -f "$dist/lib/jrunc.aot"
train_dir=$(mktemp -d)
trap 'rm -rf "$train_dir"' EXIT
# fd 9 stands in for the launcher's handoff pipe: the training's create hands off into /dev/null.
JRUNC_AOT_TRAIN="$dist/lib/jrunc.aot" JRUNC_TRAIN_DIR="$train_dir" \
  JRUNC_TRAIN_BUNDLE="$example" JRUNC_HANDOFF_FD=9 "$dist/bin/jrunc" 9>/dev/null
[ -s "$dist/lib/jrunc.aot" ] || { echo "make-dist: AOT cache was not written" >&2; exit 1; }

tar -C "$(dirname "$dist")" -czf "$(dirname "$dist")/jrunc-$version-linux-amd64.tar.gz" "$(basename "$dist")"
echo "jrunc distribution: $dist"
