#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 120), seeding the corpora
# from the test fixtures. The toolchain here is stable: RUSTC_BOOTSTRAP lets
# cargo-fuzz pass its -Z sanitizer flags. Needs: cargo install cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
mkdir -p corpus/secret corpus/csv corpus/profile corpus/region corpus/identify
cp ../tests/data/accessKeys.csv ../tests/data/credentials.csv corpus/csv/
{ printf '\x08'; printf 'ses-smtp'; cat ../tests/data/credentials; } > corpus/profile/seed
printf 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n' > corpus/secret/seed
printf 'email-smtp.US-EAST-1.amazonaws.com' > corpus/region/seed
printf 'BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9' > corpus/identify/seed
for target in secret csv profile region identify; do
    echo "== $target"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 2>&1 \
        | grep -E 'stat::number_of_executed_units|stat::peak_rss|SUMMARY|ERROR|panicked|Done' || true
done
