#!/usr/bin/env bash
# The mutation check (issues 12 and 23): applies each deliberate bug listed in eng/mutations.txt, one at a time, to a
# scratch copy of the repository, builds and runs the test suites the mutation names, in order, until an xUnit suite
# kills it (the gate always runs when named), and reports whether an xUnit suite caught it (KILLED) or not (SURVIVED;
# "SURVIVED (gate only)" when only the conformance gate did, which does not count as a kill). The work tree is only read: every build and edit happens in the scratch copy.
#
#   bash eng/mutation-check.sh                 every mutation (over an hour on two cores)
#   bash eng/mutation-check.sh --only ID[,ID]  only these (an id from the list, or its number)
#   bash eng/mutation-check.sh --list          the mutations and their suites, without running anything
#
# Suites (named per mutation in eng/mutations.txt; multi-targeted test projects run on net10.0 here, the test
# command runs them on net8.0 as well):
#   Runtime     tests/Runtime.Tests            TorchFree   tests/TorchFree.Tests
#   Generator   tests/Generator.Tests (without the reader's two randomized fuzz tests)
#   Hosting     tests/Hosting.Tests (OnnxTyped.Hosting, the meter, the InferenceService sample)
#   Scripts     tests/Conformance.Tests (eng/test.sh, the consumer test's counts, the gate's own tests)
#   CrashCases  tests/Runtime.Tests' CrashTests (tests/CrashCases in child processes)
#   Gate        the conformance suite against tests/Conformance/expected-totals.json
#
# The scratch copy is $MUTATION_SCRATCH (default ${TMPDIR:-/tmp}/onnxtyped-mutation-check); it is reused across runs
# to keep NuGet restores and libtorch copies, and its sources are replaced from the work tree each run (tracked and
# untracked files that git does not ignore, so a new test file is included before it is committed).
#
# The unmutated copy must build and pass every suite first (the baseline); otherwise every mutation would look killed.
# A mutation whose text is not found exactly once, or that does not compile, is an error in the list, not a kill.
# Exit status: 0 when every mutation was killed or is an explained survivor ("!" lines in the list), 1 when one
# survived unexplained or is an error, 2 for a bad list or command line, 3 when the baseline fails.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
list=$repo/eng/mutations.txt
helper=$repo/eng/mutations.py
work=${MUTATION_SCRATCH:-${TMPDIR:-/tmp}/onnxtyped-mutation-check}
framework=net10.0
# Warnings stay warnings in mutants: `if (false)` is a fine bug to test, even though the build would refuse it.
build_flags=(-c Release -nologo -f "$framework" -p:TreatWarningsAsErrors=false)
test_flags=(-c Release -f "$framework" --no-build --nologo --blame-hang-timeout 5min --blame-hang-dump-type none)
gate_folders=node,simple,pytorch-converted,pytorch-operator

usage() {
  sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

# The project a suite builds and tests.
project_of() {
  case $1 in
    Runtime|CrashCases) echo tests/Runtime.Tests ;;
    TorchFree) echo tests/TorchFree.Tests ;;
    Generator) echo tests/Generator.Tests ;;
    Hosting) echo tests/Hosting.Tests ;;
    Scripts) echo tests/Conformance.Tests ;;
    Gate) echo tests/Conformance ;;
    *) echo "unknown suite $1" >&2; return 2 ;;
  esac
}

# Runs one suite in the scratch copy, appending to the log; its exit status is the suite's.
run_suite() {
  local suite=$1 log=$2
  echo "=== suite $suite" >> "$log"
  case $suite in
    Gate)
      (cd "$copy" && timeout --kill-after=30 1200 dotnet run --project tests/Conformance -c Release -f "$framework" --no-build -- \
        --folders "$gate_folders" --check-totals tests/Conformance/expected-totals.json --report "$work/conformance.md") >> "$log" 2>&1 ;;
    CrashCases)
      (cd "$copy" && timeout --kill-after=30 1200 dotnet test tests/Runtime.Tests "${test_flags[@]}" --filter "FullyQualifiedName~CrashTests") >> "$log" 2>&1 ;;
    Generator)
      # Without the reader's two randomized fuzz tests (10,000 mutated and ~6,000 truncated models, over a minute):
      # no mutation of the list touches the reader, whose robustness is the fuzz run's own job (docs/robustness.md).
      (cd "$copy" && timeout --kill-after=30 1200 dotnet test tests/Generator.Tests "${test_flags[@]}" \
        --filter "FullyQualifiedName!~ReaderFuzzTests.MutatedModels&FullyQualifiedName!~ReaderFuzzTests.EveryTruncation") >> "$log" 2>&1 ;;
    *)
      (cd "$copy" && timeout --kill-after=30 1200 dotnet test "$(project_of "$suite")" "${test_flags[@]}") >> "$log" 2>&1 ;;
  esac
}

# Builds the projects of the given suites (each once), appending to the log.
build_suites() {
  local log=$1 restore=$2
  shift 2
  local projects=() suite project
  for suite in "$@"; do
    project=$(project_of "$suite") || return 2
    printf '%s\n' "${projects[@]}" | grep -qxF "$project" || projects+=("$project")
  done
  for project in "${projects[@]}"; do
    (cd "$copy" && dotnet build "$project" "${build_flags[@]}" $restore) >> "$log" 2>&1 || return 1
  done
}

only=""
while [ $# -gt 0 ]; do
  case $1 in
    --only) [ $# -ge 2 ] || usage; only="${only:+$only,}$2"; shift 2 ;;
    --only=*) only="${only:+$only,}${1#--only=}"; shift ;;
    --list) python3 "$helper" list "$list" | awk -F'\t' '{ print $1 "\t" $2 "\t" $3 "\t" $5 }' | nl -w2 -s'  '; exit $? ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done

# The list must parse and match the work tree's sources before anything is built.
python3 "$helper" check "$list" "$repo" || { echo "mutation list: fix eng/mutations.txt (see above)" >&2; exit 2; }
mapfile -t all_ids < <(python3 "$helper" list "$list" | cut -f1)
ids=()
if [ -n "$only" ]; then
  IFS=',' read -r -a wanted <<< "$only"
  for key in "${wanted[@]}"; do
    ids+=("$(python3 "$helper" describe "$list" "$key" | cut -f1)") || exit 2
    [ -n "${ids[-1]}" ] || exit 2
  done
else
  ids=("${all_ids[@]}")
fi

# Every suite the chosen mutations name, in a fixed order (the baseline runs each once).
mapfile -t baseline_suites < <(for id in "${ids[@]}"; do python3 "$helper" describe "$list" "$id" | cut -f4 | tr ',' '\n'; done |
  awk '{ order["Runtime"]=1; order["CrashCases"]=2; order["TorchFree"]=3; order["Generator"]=4; order["Hosting"]=5; order["Scripts"]=6; order["Gate"]=7;
         if (!seen[$0]++) print order[$0] "\t" $0 }' | sort -n | cut -f2)

mkdir -p "$work"
work=$(cd "$work" && pwd -P)
case "$work/" in
  "$repo"/*) echo "the scratch folder $work is inside the repository; set MUTATION_SCRATCH elsewhere" >&2; exit 2 ;;
esac
copy=$work/repo
logs=$work/logs
exec 9> "$work/.lock"
flock -n 9 || { echo "another mutation check is using $work" >&2; exit 2; }
mkdir -p "$copy" "$logs"
rm -f "$logs"/*.log

started=$(date +%s)
echo "mutation check: ${#ids[@]} mutation(s), suites ${baseline_suites[*]}, scratch copy $copy"

# Fresh sources, kept build outputs. Extracted files get the current time (tar -m), so the baseline rebuilds everything
# and no assembly built from an earlier run's mutant can pass for up to date.
find "$copy" \( -name bin -o -name obj \) -prune -o \( -type f -o -type l \) -print0 | xargs -0 -r rm -f
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xmf - -C "$copy" || { echo "could not copy the work tree" >&2; exit 2; }

baseline_start=$(date +%s)
if ! build_suites "$logs/baseline-build.log" "" "${baseline_suites[@]}"; then
  echo "baseline: the unmutated copy does not build (see $logs/baseline-build.log)" >&2
  exit 3
fi
for suite in "${baseline_suites[@]}"; do
  if ! run_suite "$suite" "$logs/baseline-test.log"; then
    echo "baseline: suite $suite fails without any mutation (see $logs/baseline-test.log)" >&2
    grep -E '^\s+Failed |Failed!|^gate: ' "$logs/baseline-test.log" >&2
    exit 3
  fi
done
echo "baseline: builds and passes ($(( $(date +%s) - baseline_start )) s)"

pristine=$work/pristine
current_file=""
restore() {
  if [ -n "$current_file" ]; then
    cp "$pristine" "$copy/$current_file"   # a plain copy: a new modification time, so the next build recompiles it
    current_file=""
  fi
}
trap 'restore; exit 130' INT TERM

# What one suite's run says about the mutation: "killed (N failed: A, B)", "killed (aborted, status S)",
# "killed (timed out)" or "passed"; reads the part of the log after the suite's marker.
verdict() {
  local suite=$1 status=$2 log=$3 part failed_count failed_tests
  part=$(awk -v marker="=== suite $suite" '$0 == marker { on = 1; next } /^=== suite / { on = 0 } on' "$log")
  if [ "$status" -eq 0 ]; then echo "passed"; return; fi
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then echo "killed (timed out)"; return; fi
  if [ "$suite" = Gate ]; then
    echo "killed ($(grep -Eo '^gate: failed, [0-9]+ failures?' <<<"$part" | tail -1 | sed 's/^gate: //'))"; return
  fi
  failed_count=$(grep -Eo 'Failed: +[0-9]+' <<<"$part" | tail -1 | grep -Eo '[0-9]+')
  # "  Failed OnnxTyped.Runtime.Tests.Class.Method(args) [3 ms]" -> Class.Method, each once.
  failed_tests=$(grep -E '^\s+Failed OnnxTyped\.' <<<"$part" | sed -E 's/^\s+Failed OnnxTyped\.[A-Za-z]+\.Tests\.//; s/[( ].*//' | sort -u)
  if [ -n "$failed_count" ] && [ "$failed_count" -gt 0 ]; then
    local first more
    first=$(printf '%s\n' "$failed_tests" | sed '/^$/d' | head -2 | paste -sd ',' | sed 's/,/, /g')
    more=$(printf '%s\n' "$failed_tests" | sed '/^$/d' | wc -l)
    [ "$more" -gt 2 ] && first="$first, +$((more - 2)) more"
    echo "killed ($failed_count failed: ${first:-?})"
  else
    echo "killed (aborted, status $status)"
  fi
}

rows=()
survived=0
errors=0
n=0
for id in "${ids[@]}"; do
  n=$((n + 1))
  IFS=$'\t' read -r _ kind file suites description < <(python3 "$helper" describe "$list" "$id")
  explanation=$(python3 "$helper" list "$list" | awk -F'\t' -v id="$id" '$1 == id { print $4 }')
  number=$(printf '%s\n' "${all_ids[@]}" | grep -nxF "$id" | cut -d: -f1)
  log=$logs/$number-$id.log
  t0=$(date +%s)
  printf '[%d/%d] %s (%s; %s): %s ... ' "$n" "${#ids[@]}" "$id" "$kind" "$suites" "$description"
  IFS=',' read -r -a mutation_suites <<< "$suites"

  cp "$copy/$file" "$pristine"
  current_file=$file
  outcomes=()
  if ! python3 "$helper" apply "$list" "$id" "$copy" > "$log" 2>&1; then
    result="ERROR: $(tail -1 "$log")"
    errors=$((errors + 1))
  else
    xunit_killed=0
    gate_killed=0
    compiled=1
    for suite in "${mutation_suites[@]}"; do
      # Once an xUnit suite killed the mutation, the other xUnit suites are not run (time); the gate always runs when
      # named, so element-type and cast mutations are judged by it as well.
      if [ "$xunit_killed" -eq 1 ] && [ "$suite" != Gate ]; then outcomes+=("$suite: not run (killed already)"); continue; fi
      if ! build_suites "$log" --no-restore "$suite"; then compiled=0; break; fi
      run_suite "$suite" "$log"
      outcome=$(verdict "$suite" $? "$log")
      outcomes+=("$suite: $outcome")
      case $outcome in
        killed*) if [ "$suite" = Gate ]; then gate_killed=1; else xunit_killed=1; fi ;;
      esac
    done
    if [ "$compiled" -eq 0 ]; then
      result="ERROR: does not compile"
      errors=$((errors + 1))
    elif [ "$xunit_killed" -eq 1 ]; then
      result="KILLED"
    elif [ "$explanation" != "-" ]; then
      result="SURVIVED (explained)"
    elif [ "$gate_killed" -eq 1 ]; then
      result="SURVIVED (gate only)"; survived=$((survived + 1))
    else
      result="SURVIVED"; survived=$((survived + 1))
    fi
  fi
  restore
  seconds=$(( $(date +%s) - t0 ))
  echo "$result (${seconds} s)"
  detail=$(printf '%s; ' "${outcomes[@]}" | sed 's/; $//')
  rows+=("| $number | \`$id\` | $kind | $result | ${detail:--} | ${seconds} s |")
done

total=$(( $(date +%s) - started ))
echo
echo "Mutation check, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$repo" rev-parse --short HEAD)$([ -z "$(git -C "$repo" status --porcelain)" ] || echo " + uncommitted changes"): ${#ids[@]} mutation(s), suites on $framework"
echo
echo "| # | mutation | kind | result | each suite it names (tests that failed, first two) | time |"
echo "| ---: | --- | --- | --- | --- | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "total: $((total / 60)) min $((total % 60)) s; survived unexplained: $survived; errors: $errors; logs in $logs"
[ "$survived" -eq 0 ] && [ "$errors" -eq 0 ]
