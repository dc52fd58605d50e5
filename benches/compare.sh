#!/usr/bin/env bash
# One run, one report: ses-smtp-password against the openssl one-liner and a
# Python reference (hmac/hashlib, as in AWS's example script) for a single
# derivation (whole process, hyperfine), peak memory (GNU time), --batch
# throughput over 1M keys, the SHA-256 bound from `openssl speed`, and the
# binary sizes. Installs hyperfine and GNU time from Debian, and cargo-deb,
# if missing.
#
#   benches/compare.sh            # full run (half an hour on a fresh checkout, mostly builds)
#   KEYS=100000 benches/compare.sh   # smaller batch
set -euo pipefail
cd "$(dirname "$0")/.."
keys="${KEYS:-1000000}"
# Where cargo builds, as cargo itself takes it (absolute: the timed
# commands run from here, the builds' paths are printed).
target="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v openssl >/dev/null || need+=(openssl)
if [ "${#need[@]}" -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}"; fi
# The .deb is made by cargo-deb, at the release tests/common/tools.rs and
# xtask name.
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked --version 3.8.0

cargo build --release --locked -q
cargo build --release --locked -q --no-default-features --target-dir "$target"/minimal
# Without the rotate feature: the other commands' start-up must not depend
# on it (the AWS SDK lives in ses-smtp-password-rotate alone, issue 19).
cargo build --release --locked -q --no-default-features --features check --target-dir "$target"/no-rotate
# The two shipped binaries, taken from what `cargo xtask dist` makes: the
# tarball's static-pie and the .deb's dynamically linked PIE
# (xtask/src/main.rs). Only the x86-64 Linux target's files: the other
# four targets' builds (cross toolchains, std built from source) take most
# of an hour and nothing here runs them.
cargo xtask dist --target x86_64-unknown-linux-gnu >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$target"/dist/ses-smtp-password-*-x86_64-unknown-linux-gnu.tar.gz -C "$work"
dpkg-deb -x "$target"/dist/ses-smtp-password_*_amd64.deb "$work/deb"
bin="$target/release/ses-smtp-password"
norotate="$target/no-rotate/release/ses-smtp-password"
static=$(echo "$work"/ses-smtp-password-*/ses-smtp-password)
pie="$work/deb/usr/bin/ses-smtp-password"
key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
printf '%s\n' "$key" > "$work/key"
cat > "$work/ref.py" <<'PY'
import base64, hashlib, hmac, sys
def sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()
def v4(secret, region):
    k = sign(("AWS4" + secret).encode(), "11111111")
    for m in (region, "ses", "aws4_request", "SendRawEmail"):
        k = sign(k, m)
    return base64.b64encode(bytes([4]) + k).decode()
for line in sys.stdin:
    print(v4(line.strip(), sys.argv[1]))
PY

echo "## Machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB; $(rustc --version); $(openssl version | cut -d' ' -f1-2); Python $(python3 -c 'import platform; print(platform.python_version())')"

echo; echo "## Single derivation, whole process (hyperfine)"
# Each binary read back from disk, as after a reboot: the kernel maps up to
# 64 KiB of a file per page fault, but how many pages come with one fault
# depends on how the file entered the page cache: the tarball's binary took
# 12 code page faults as a copy made by cp (1.14x /bin/true) and 20 as tar
# extracted it or read back from disk (1.29x; 2026-12-04). Evicting the
# files (written back first) measures every build the same way.
python3 - "$bin" "$norotate" "$static" "$pie" <<'PY'
import os, sys
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
PY
# Executed directly (no shell), the key from the environment, like /bin/true.
export AWS_SECRET_ACCESS_KEY="$key"
hyperfine -N --warmup 50 --runs 500 --export-json "$work/direct.json" \
    -n "/bin/true" "/bin/true" \
    -n "ses-smtp-password --v2" "$bin --env --v2 -q" \
    -n "ses-smtp-password --region us-east-1" "$bin --env -r us-east-1" \
    -n "ses-smtp-password --region us-east-1, built without rotate" "$norotate --env -r us-east-1" \
    -n "ses-smtp-password --version" "$bin --version" \
    -n "ses-smtp-password --version, built without rotate" "$norotate --version" \
    -n "ses-smtp-password --v2, tarball (static-pie)" "$static --env --v2 -q" \
    -n "ses-smtp-password --region us-east-1, tarball (static-pie)" "$static --env -r us-east-1" \
    -n "ses-smtp-password --v2, .deb (dynamic PIE)" "$pie --env --v2 -q" \
    -n "ses-smtp-password --region us-east-1, .deb (dynamic PIE)" "$pie --env -r us-east-1" >/dev/null 2>&1
# These need a shell; hyperfine subtracts the shell's own start-up.
hyperfine --warmup 20 --runs 300 --export-json "$work/shell.json" \
    -n "openssl one-liner (SigV2)" "(printf '\\002'; printf SendRawEmail | openssl dgst -sha256 -hmac '$key' -binary) | base64" \
    -n "python reference (SigV4)" "python3 $work/ref.py us-east-1 < $work/key" >/dev/null 2>&1
unset AWS_SECRET_ACCESS_KEY
python3 - "$work/direct.json" "$work/shell.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"] + json.load(open(sys.argv[2]))["results"]
true = rows[0]["mean"]
oneliner = next(r["mean"] for r in rows if r["command"].startswith("openssl"))
# The 10th percentile as well as the mean: on a shared virtual machine a
# few slow runs move the mean; the fast runs show the cost of the program.
def p10(r):
    return sorted(r["times"])[len(r["times"]) // 10]
true10 = p10(rows[0])
print("| command | mean | vs /bin/true | 10th percentile vs /bin/true's | vs openssl one-liner |\n|---|---|---|---|---|")
for r in rows:
    print(f"| {r['command']} | {r['mean']*1e3:.2f} ms | {r['mean']/true:.2f}x | {p10(r)/true10:.2f}x | {r['mean']/oneliner:.2f}x |")
PY

echo; echo "## Peak memory, one derivation (GNU time)"
for build in release:"$bin" "tarball (static-pie)":"$static" ".deb (dynamic PIE)":"$pie"; do
    b="${build#*:}"
    for args in "--v2 -q" "-r us-east-1"; do
        printf '%s build, %s: %s KiB\n' "${build%%:*}" "$args" "$( { /usr/bin/time -f %M "$b" $args < "$work/key" >/dev/null; } 2>&1 )"
    done
done

echo; echo "## --batch throughput, $keys keys, one thread"
python3 - "$keys" > "$work/keys" <<'PY'
import random, string, sys
alphabet = string.ascii_letters + string.digits + "+/"
r = random.Random(42)
for _ in range(int(sys.argv[1])):
    print("".join(r.choice(alphabet) for _ in range(40)))
PY
hyperfine --warmup 1 --runs 5 --export-json "$work/batch.json" \
    -n "batch, SigV2" "$bin --batch --v2 -q < $work/keys > /dev/null" \
    -n "batch, SigV4 us-east-1" "$bin --batch -r us-east-1 < $work/keys > /dev/null" >/dev/null 2>&1
speed=$(openssl speed -bytes 16384 -seconds 3 sha256 2>/dev/null | awk '/^sha256/{print $2}' | tr -d k)
python3 - "$work/batch.json" "$keys" "$speed" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
keys = int(sys.argv[2])
blocks = float(sys.argv[3]) * 1000 / 64  # SHA-256 compressions per second
bounds = {"batch, SigV2": blocks / 4, "batch, SigV4 us-east-1": blocks / 20}
print("| run | time | keys/s | SHA-256 bound | of bound |\n|---|---|---|---|---|")
for r in rows:
    rate = keys / r["mean"]
    b = bounds[r["command"]]
    print(f"| {r['command']} | {r['mean']:.2f} s | {rate/1e6:.2f} M | {b/1e6:.2f} M | {rate/b:.0%} |")
print(f"(bound: openssl speed sha256 at 16 KiB = {blocks/1e6:.1f} M compressions/s; SigV2 is 4 compressions, SigV4 20)")
PY
/usr/bin/time -f "peak memory, --batch -r us-east-1 over $keys keys: %M KiB" "$bin" --batch -r us-east-1 < "$work/keys" > /dev/null
start=$(date +%s.%N); python3 "$work/ref.py" us-east-1 < "$work/keys" > /dev/null; end=$(date +%s.%N)
python3 -c "print(f'python reference over $keys keys: {($end-$start):.2f} s, {$keys/($end-$start)/1e3:.0f} k keys/s')"

echo; echo "## Binary sizes (release: lto, codegen-units = 1, strip)"
printf '| build | bytes |\n|---|---|\n'
printf '| default (with check: lettre, rustls) | %s |\n' "$(stat -c %s "$target"/release/ses-smtp-password)"
printf '| ses-smtp-password-rotate (default: the AWS SDK) | %s |\n' "$(stat -c %s "$target"/release/ses-smtp-password-rotate)"
printf '| --no-default-features --features check (no rotate) | %s |\n' "$(stat -c %s "$norotate")"
printf '| --no-default-features | %s |\n' "$(stat -c %s "$target"/minimal/release/ses-smtp-password)"
printf '| tarball: static-pie | %s |\n' "$(stat -c %s "$static")"
printf '| .deb: dynamic PIE | %s |\n' "$(stat -c %s "$pie")"
