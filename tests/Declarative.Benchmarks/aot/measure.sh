#!/usr/bin/env bash
# Reproduces docs/benchmarks.md's "Native AOT" numbers: size on disk and start-up time of the RetailStore
# sample (Native AOT, and JIT: `dotnet RetailStore.dll` and its apphost) and of the same agent written over
# AIFunctionFactory (tests/Declarative.Benchmarks.AotBaseline), JIT and Native AOT.
# Needs clang and zlib1g-dev (as .ci/run step 4) and hyperfine (apt-get install hyperfine).
# Usage: tests/Declarative.Benchmarks/aot/measure.sh [runs]   (default 20 runs after 3 warm-ups each)
set -euo pipefail
cd "$(dirname "$0")/../../.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDTERMINALLOGGER=off
runs="${1:-20}"
rid="$(dotnet --info | sed -nE 's/^ *RID: *([^ ]+).*/\1/p' | head -n 1)"
out="${AOT_MEASURE_OUT:-$(mktemp -d)}"
echo "publishing into $out (rid $rid)"

publish() { # name project extra-args...
  local name="$1" project="$2"
  shift 2
  dotnet publish "$project" -c Release -o "$out/$name" "$@" > "$out/$name.log" 2>&1 \
    || { echo "publish $name failed; see $out/$name.log"; tail -n 20 "$out/$name.log"; return 1; }
  echo "$name: $(grep -cE 'warning IL[0-9]{4}' "$out/$name.log" || true) IL warning line(s) in the publish output," \
       "$(grep -oE 'warning IL[0-9]{4}' "$out/$name.log" | sort -u | tr '\n' ' ')"
}
publish sample-aot samples/RetailStore -r "$rid"                      # PublishAot is set in the project
publish sample-jit samples/RetailStore -p:PublishAot=false            # framework-dependent, with apphost
publish baseline-jit tests/Declarative.Benchmarks.AotBaseline
publish baseline-aot tests/Declarative.Benchmarks.AotBaseline -r "$rid" -p:BaselineAot=true || true

# What ships: everything in the folder but symbols and XML docs.
size() { find "$1" -maxdepth 1 -type f ! -name '*.pdb' ! -name '*.dbg' ! -name '*.xml' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f MB", s/1048576}'; }
echo
for d in sample-aot sample-jit baseline-jit baseline-aot; do
  [ -d "$out/$d" ] && echo "size $d: $(size "$out/$d") ($(find "$out/$d" -maxdepth 1 -type f ! -name '*.pdb' ! -name '*.dbg' ! -name '*.xml' | wc -l) files)"
done
echo

# Start-up: a run of the tool demo (no model) and a whole offline agent run, each a fresh process.
bench() { # label command...
  hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/$1.md" "${@:2}" > /dev/null
  tail -n +3 "$out/$1.md"
}
echo "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |"
bench tools \
  -n "sample AOT: tools-demo" "$out/sample-aot/RetailStore tools-demo" \
  -n "sample JIT apphost: tools-demo" "$out/sample-jit/RetailStore tools-demo" \
  -n "sample JIT dotnet dll: tools-demo" "dotnet $out/sample-jit/RetailStore.dll tools-demo"
agent=(-n "sample AOT: agent offline" "$out/sample-aot/RetailStore --offline --approve yes"
       -n "sample JIT apphost: agent offline" "$out/sample-jit/RetailStore --offline --approve yes"
       -n "sample JIT dotnet dll: agent offline" "dotnet $out/sample-jit/RetailStore.dll --offline --approve yes"
       -n "AIFunctionFactory JIT apphost: agent offline" "$out/baseline-jit/Declarative.Benchmarks.AotBaseline")
agent+=(-n "AIFunctionFactory JIT apphost --json-context: agent offline" "$out/baseline-jit/Declarative.Benchmarks.AotBaseline --json-context")
# Native AOT turns reflection-based JSON off: without a source-generated context the baseline stops at start-up.
for mode in "" --json-context; do
  if "$out/baseline-aot/Declarative.Benchmarks.AotBaseline" $mode > "$out/baseline-aot$mode.run" 2>&1; then
    agent+=(-n "AIFunctionFactory AOT $mode: agent offline" "$out/baseline-aot/Declarative.Benchmarks.AotBaseline $mode")
  else
    echo "AIFunctionFactory AOT ${mode:-(no context)}: did not reach its self-check: $(grep -m1 -oE '[A-Za-z.]+Exception: .{0,120}' "$out/baseline-aot$mode.run")"
  fi
done
bench agent "${agent[@]}"
