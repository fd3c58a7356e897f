#!/usr/bin/env bash
# The project's test command (README): every test project, then the ONNX conformance suite.
# Prints one closing line "N passed, N failed, N skipped" over all test projects.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test OnnxTyped.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if [ -d tests/Conformance ] && [ "$status" -eq 0 ]; then
  dotnet run --project tests/Conformance -c Release -- \
    --folders node,simple,pytorch-converted,pytorch-operator \
    --check-totals tests/Conformance/expected-totals.json --report docs/conformance.md
  conformance=$?
  [ "$conformance" -ne 0 ] && status=$conformance
fi

read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    gsub(",", ""); for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) } }
  END { print p + 0, f + 0, s + 0 }' "$log")
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
