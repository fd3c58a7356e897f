#!/usr/bin/env bash
# The mutation check (issue 12): applies each deliberate bug listed in eng/mutations.txt, one at a time, to a scratch
# copy of the repository, builds it, runs tests/Runtime.Tests, and reports whether the tests caught it (KILLED) or not
# (SURVIVED). The work tree is only read: every build and edit happens in the scratch copy.
#
#   bash eng/mutation-check.sh                 every mutation (about 9 minutes on two cores)
#   bash eng/mutation-check.sh --only ID[,ID]  only these (an id from the list, or its number)
#   bash eng/mutation-check.sh --list          the mutations, without running anything
#
# The scratch copy is $MUTATION_SCRATCH (default ${TMPDIR:-/tmp}/onnxtyped-mutation-check); it is reused across runs
# to keep NuGet restores and libtorch copies, and its sources are replaced from the work tree each run (tracked and
# untracked files that git does not ignore, so a new test file is included before it is committed).
#
# The unmutated copy must build and pass first (the baseline); otherwise every mutation would look killed. A mutation
# whose text is not found exactly once, or that does not compile, is an error in the list, not a kill.
# Exit status: 0 when every mutation was killed or is an explained survivor ("!" lines in the list), 1 when one
# survived unexplained or is an error, 2 for a bad list or command line, 3 when the baseline fails.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
list=$repo/eng/mutations.txt
helper=$repo/eng/mutations.py
tests=tests/Runtime.Tests
work=${MUTATION_SCRATCH:-${TMPDIR:-/tmp}/onnxtyped-mutation-check}
# Warnings stay warnings in mutants: `if (false)` is a fine bug to test, even though the build would refuse it.
build_flags=(-c Release -nologo -p:TreatWarningsAsErrors=false)
test_flags=(-c Release --no-build --nologo --blame-hang-timeout 5min --blame-hang-dump-type none)

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

only=""
while [ $# -gt 0 ]; do
  case $1 in
    --only) [ $# -ge 2 ] || usage; only="${only:+$only,}$2"; shift 2 ;;
    --only=*) only="${only:+$only,}${1#--only=}"; shift ;;
    --list) python3 "$helper" list "$list" | cut -f1-3 | nl -w2 -s'  '; exit $? ;;
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
echo "mutation check: ${#ids[@]} mutation(s), scratch copy $copy"

# Fresh sources, kept build outputs. Extracted files get the current time (tar -m), so the baseline rebuilds everything
# and no assembly built from an earlier run's mutant can pass for up to date.
find "$copy" \( -name bin -o -name obj \) -prune -o \( -type f -o -type l \) -print0 | xargs -0 -r rm -f
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xmf - -C "$copy" || { echo "could not copy the work tree" >&2; exit 2; }

baseline_start=$(date +%s)
if ! (cd "$copy" && dotnet build "$tests" "${build_flags[@]}") > "$logs/baseline-build.log" 2>&1; then
  echo "baseline: the unmutated copy does not build (see $logs/baseline-build.log)" >&2
  exit 3
fi
if ! (cd "$copy" && timeout --kill-after=30 1200 dotnet test "$tests" "${test_flags[@]}") > "$logs/baseline-test.log" 2>&1; then
  echo "baseline: tests fail without any mutation (see $logs/baseline-test.log)" >&2
  grep -E '^\s+Failed |Failed!' "$logs/baseline-test.log" >&2
  exit 3
fi
echo "baseline: builds and passes ($(( $(date +%s) - baseline_start )) s; $(grep -Eo 'Passed: +[0-9]+' "$logs/baseline-test.log" | tail -1 | tr -s ' '))"

pristine=$work/pristine
current_file=""
restore() {
  if [ -n "$current_file" ]; then
    cp "$pristine" "$copy/$current_file"   # a plain copy: a new modification time, so the next build recompiles it
    current_file=""
  fi
}
trap 'restore; exit 130' INT TERM

rows=()
survived=0
errors=0
n=0
for id in "${ids[@]}"; do
  n=$((n + 1))
  IFS=$'\t' read -r _ kind file description < <(python3 "$helper" describe "$list" "$id")
  explanation=$(python3 "$helper" list "$list" | awk -F'\t' -v id="$id" '$1 == id { print $4 }')
  number=$(printf '%s\n' "${all_ids[@]}" | grep -nxF "$id" | cut -d: -f1)
  log=$logs/$number-$id.log
  t0=$(date +%s)
  printf '[%d/%d] %s (%s): %s ... ' "$n" "${#ids[@]}" "$id" "$kind" "$description"

  cp "$copy/$file" "$pristine"
  current_file=$file
  failed_tests=""
  if ! python3 "$helper" apply "$list" "$id" "$copy" > "$log" 2>&1; then
    result="ERROR: $(tail -1 "$log")"
    errors=$((errors + 1))
  elif ! (cd "$copy" && dotnet build "$tests" "${build_flags[@]}" --no-restore) >> "$log" 2>&1; then
    result="ERROR: does not compile"
    errors=$((errors + 1))
  else
    (cd "$copy" && timeout --kill-after=30 1200 dotnet test "$tests" "${test_flags[@]}") >> "$log" 2>&1
    status=$?
    failed_count=$(grep -Eo 'Failed: +[0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
    # "  Failed OnnxTyped.Runtime.Tests.Class.Method(args) [3 ms]" -> Class.Method, each once.
    failed_tests=$(grep -E '^\s+Failed OnnxTyped\.' "$log" | sed -E 's/^\s+Failed OnnxTyped\.[A-Za-z]+\.Tests\.//; s/[( ].*//' | sort -u)
    if [ "$status" -eq 0 ]; then
      if [ "$explanation" != "-" ]; then result="SURVIVED (explained)"; else result="SURVIVED"; survived=$((survived + 1)); fi
    elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      result="KILLED (timed out)"
    elif [ -n "$failed_count" ] && [ "$failed_count" -gt 0 ]; then
      result="KILLED ($failed_count failed)"
    else
      result="KILLED (test run aborted, status $status)"
    fi
  fi
  restore
  seconds=$(( $(date +%s) - t0 ))
  echo "$result (${seconds} s)"
  first=$(printf '%s\n' "$failed_tests" | sed '/^$/d' | head -2 | paste -sd ',' | sed 's/,/, /g')
  more=$(printf '%s\n' "$failed_tests" | sed '/^$/d' | wc -l)
  [ "$more" -gt 2 ] && first="$first, +$((more - 2)) more"
  rows+=("| $number | \`$id\` | $kind | $result | ${first:--} | ${seconds} s |")
done

total=$(( $(date +%s) - started ))
echo
echo "Mutation check, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$repo" rev-parse --short HEAD)$([ -z "$(git -C "$repo" status --porcelain)" ] || echo " + uncommitted changes"): tests/Runtime.Tests against ${#ids[@]} mutation(s)"
echo
echo "| # | mutation | kind | result | tests that failed (first two) | time |"
echo "| ---: | --- | --- | --- | --- | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "total: $((total / 60)) min $((total % 60)) s; survived unexplained: $survived; errors: $errors; logs in $logs"
[ "$survived" -eq 0 ] && [ "$errors" -eq 0 ]
