#!/usr/bin/env bash
# The static checks of `npm test`, side by side: the build (dist/, which the child-process tests start),
# the type check of src/ and test/, and lint + formatting. Each is single-threaded, so on two cores
# they take about the time of the longest instead of their sum. Any failure fails the whole; each
# check's output is printed after it ends, in one piece.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
names=(build typecheck lint)
pids=()
for name in "${names[@]}"; do
  npm run --silent "$name" >"$out/$name.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!names[@]}"; do
  if wait "${pids[$i]}"; then
    echo "checks: ${names[$i]} passed"
  else
    echo "checks: ${names[$i]} FAILED" >&2
    cat "$out/${names[$i]}.log" >&2
    failed=1
  fi
done
exit $failed
