#!/usr/bin/env bash
# What a new user's first `make` meets: a fresh clone of this repository's HEAD in a temporary folder, HOME an empty
# folder (no pip cache, no pip config, no built llama-cpp wheel, no assembled model), then `make install`, the
# demo's ingest and question (not the UI), and the same question through `caibao serve`. Prints each step's wall
# time; exits non-zero at the first failure.
# Usage: scripts/clean_machine_check.sh [--test] [WORK_DIR]   (default: a new folder under /tmp, kept for inspection)
#   --test  then also `make test` in that clone, as CI would on a new machine (about 25 minutes more)
# Commit first: the clone holds what is committed, not the working tree.
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
run_tests=""
if [ "${1:-}" = --test ]; then run_tests=1; shift; fi
work=${1:-$(mktemp -d /tmp/caibao-clean-machine.XXXXXX)}
mkdir -p "$work/home"
[ -z "$(ls -A "$work/home")" ] || { echo "clean_machine_check: $work/home is not empty" >&2; exit 1; }
sample=data/samples/alibaba_fy2025q3_article.txt
question="阿里云智能集团收入同比增长多少？"
timings=()
total_started=$SECONDS

step() {
    local name=$1 started=$SECONDS
    shift
    echo "── $name: $*" >&2
    if ! "$@"; then
        echo "clean_machine_check: FAILED at '$name' after $((SECONDS - started)) s (logs above; folder $work)" >&2
        exit 1
    fi
    timings+=("$(printf '%-8s %5d s' "$name" $((SECONDS - started)))")
}

step clone git clone --quiet "$repo" "$work/caibao"
cd "$work/caibao"
# Only HOME changes: the machine's own pip settings from the environment (an index mirror, say) still apply.
export HOME="$work/home"
unset CAIBAO_HOME CAIBAO_MODEL_CACHE XDG_CACHE_HOME XDG_CONFIG_HOME
step install make install
step ingest .venv/bin/caibao ingest "$sample"
step ask bash -c 'set -o pipefail; .venv/bin/caibao ask "$1" | tee ../answer.txt' _ "$question"
grep -q '^\[[0-9]\+\] ' ../answer.txt || { echo "clean_machine_check: the answer lists no numbered source" >&2; exit 1; }
# The HTTP API on a spare port: the same question through /v1/chat/completions, as an OpenAI client would send it.
serve_and_ask() {
    local port=18731 log=../serve.log
    .venv/bin/caibao serve --port "$port" >"$log" 2>&1 &
    local pid=$!
    local answered=0
    for _ in $(seq 300); do
        curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null && break
        kill -0 $pid 2>/dev/null || break
        sleep 1
    done
    curl -sf "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' \
        -d "{\"model\": \"caibao\", \"messages\": [{\"role\": \"user\", \"content\": \"$question\"}]}" \
        | tee ../completion.json | grep -q '"citations":\[{' || answered=$?
    kill $pid 2>/dev/null || true
    [ $answered = 0 ] || cat "$log" >&2
    return $answered
}
step serve serve_and_ask
[ -z "$run_tests" ] || step test make test
echo "clean machine check passed at $(git rev-parse --short HEAD) in $work:" >&2
printf '  %s\n' "${timings[@]}" "$(printf '%-8s %5d s' total $((SECONDS - total_started)))" >&2
