#!/usr/bin/env bash
# The project's test command (README): the mutation list's guard, every test project (each held to its recorded
# minimum count of tests, eng/test-minimums.txt), the ONNX conformance suite and its regression gate, then the
# packages in an app outside the repository (eng/consumer-test.sh). Prints one closing line
# "tests: N passed, N failed, N skipped" over all of them: each failure of the gate counts as one failed test, each
# consumer check and the guard as one test each, each project below its minimum as one failure, and the line never
# says 0 failed when the command fails.
set -uo pipefail
cd "$(dirname "$0")/.."

# What a fresh Debian 12 machine lacks: the official ONNX test models (Debian's libonnx-testdata),
# read by the conformance suite. (TorchSharp's GLIBCXX fix needs no install:
# src/Runtime/TorchSharp/build/OnnxTyped.TorchSharp.targets applies it on every build.)
# python3 runs the mutation list's guard (eng/mutations.py).
missing=()
dpkg -s libonnx-testdata >/dev/null 2>&1 || missing+=(libonnx-testdata)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# clang and zlib1g-dev: NativeAOT's toolchain, for the consumer test's AOT-published app.
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing ${missing[*]} (the official ONNX backend test models; python3 for the mutation list's guard; clang and zlib for NativeAOT)..."
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    { echo "could not install ${missing[*]} (needs apt and root or sudo)" >&2; exit 1; }
fi
command -v dotnet >/dev/null || { echo "dotnet SDK not found on PATH (the .NET 10 SDK is needed)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
conformance_log=$(mktemp)
consumer_log=$(mktemp)
trap 'rm -f "$log" "$conformance_log" "$consumer_log"' EXIT

# The mutation list's guard: every deliberate bug of eng/mutations.txt must still apply to the sources (its text found
# exactly once, its suites known), so the list cannot rot when code moves. Counted as one test.
guard_passed=0
guard_failed=0
if [ -f eng/mutations.txt ] && [ -f eng/mutations.py ]; then
  if python3 eng/mutations.py check eng/mutations.txt .; then
    guard_passed=1
    echo "mutation list guard: passed ($(python3 eng/mutations.py list eng/mutations.txt | wc -l) mutations apply)"
  else
    guard_failed=1
    echo "mutation list guard: FAILED (update eng/mutations.txt to the moved code)"
  fi
fi

dotnet test OnnxTyped.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project's summary against its recorded minimum (eng/test-minimums.txt, "MINIMUM ASSEMBLY (FRAMEWORK)"
# per line): a project that ran no test (dotnet test then prints no summary for it), fewer tests than recorded, or one
# that is not recorded at all fails the command, each counted as one failed test.
minimum_failed=0
if [ -f eng/test-minimums.txt ]; then
  while read -r minimum project; do
    ran=$(awk -v project="$project" '
      /(Passed|Failed)! +- +Failed:/ {
        line = $0; sub(/.* - /, "", line); if (line != project) next
        gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f = $(i + 1); if ($i == "Passed:") p = $(i + 1) }
        found = 1 }
      END { if (found) print p + f; else print -1 }' "$log")
    if [ "$ran" -lt 0 ]; then
      echo "test minimums: $project printed no summary (no test ran); expected at least $minimum"
      minimum_failed=$((minimum_failed + 1))
    elif [ "$ran" -lt "$minimum" ]; then
      echo "test minimums: $project ran $ran tests, fewer than the $minimum recorded in eng/test-minimums.txt"
      minimum_failed=$((minimum_failed + 1))
    fi
  done < <(grep -Ev '^\s*(#|$)' eng/test-minimums.txt)
  while read -r project; do
    if ! grep -Ev '^\s*(#|$)' eng/test-minimums.txt | sed -E 's/^[0-9]+ +//' | grep -qxF "$project"; then
      echo "test minimums: $project is not recorded in eng/test-minimums.txt; add its minimum there"
      minimum_failed=$((minimum_failed + 1))
    fi
  done < <(sed -nE 's/^(Passed|Failed)! +- +Failed:.* - (.+)$/\2/p' "$log" | sort -u)
  [ "$minimum_failed" -gt 0 ] && [ "$status" -eq 0 ] && status=1
fi
test_status=$status

gate_failed=0
if [ -d tests/Conformance ] && [ "$status" -eq 0 ]; then
  dotnet run --project tests/Conformance -c Release -- \
    --folders node,simple,pytorch-converted,pytorch-operator \
    --check-totals tests/Conformance/expected-totals.json --report docs/conformance.md 2>&1 | tee "$conformance_log"
  conformance=${PIPESTATUS[0]}
  if [ "$conformance" -ne 0 ]; then
    status=$conformance
    # The gate's closing line says how many failures it found ("gate: failed, 3 failures");
    # a run that ended without one (a bad option, a crash) counts as one.
    gate_failed=$(sed -n 's/^gate: failed, \([0-9][0-9]*\) failures\{0,1\}$/\1/p' "$conformance_log" | tail -n 1)
    gate_failed=${gate_failed:-1}
  fi
fi

# The packages as a user gets them; its closing line "consumer checks: N passed, N failed" is added to the totals.
consumer_passed=0
consumer_failed=0
if [ -f eng/consumer-test.sh ] && [ "$test_status" -eq 0 ]; then
  bash eng/consumer-test.sh 2>&1 | tee "$consumer_log"
  consumer=${PIPESTATUS[0]}
  read -r consumer_passed consumer_failed < <(sed -n 's/^consumer checks: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$consumer_log" | tail -n 1)
  consumer_passed=${consumer_passed:-0}
  consumer_failed=${consumer_failed:-0}
  if [ "$consumer" -ne 0 ]; then
    status=$consumer
    # A run that ended without its closing line (a crash, a bad option) counts as one failure.
    [ "$consumer_failed" -eq 0 ] && consumer_failed=1
  fi
fi

read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    gsub(",", ""); for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) } }
  END { print p + 0, f + 0, s + 0 }' "$log")
passed=$((passed + consumer_passed + guard_passed))
failed=$((failed + gate_failed + consumer_failed + guard_failed + minimum_failed))
[ "$guard_failed" -gt 0 ] && [ "$status" -eq 0 ] && status=1
# A build error fails dotnet test without a summary line to count.
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
