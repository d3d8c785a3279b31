#!/usr/bin/env bash
# Repetition of a commit, as issue 14 measures it: the pairs the workplace's `duplicates` command finds over
# the whole tree, the lines of code they are found in, and pairs per 1,000 lines.
#   bash scripts/repetition.sh [REV ...]        (default: HEAD; 855ee15 is the tree issue 14 was filed on)
# It exports each commit into a temporary folder, so the working tree and untracked files play no part.
# Lines: non-blank lines of the tracked files with the endings below (the code the command reads; prose and data
# such as Markdown, JSON and YAML do not count for either).
set -euo pipefail
command -v duplicates >/dev/null || { echo "repetition: the 'duplicates' command is not on this machine" >&2; exit 2; }
cd "$(git rev-parse --show-toplevel)"
[ $# -gt 0 ] || set -- HEAD
printf '%-10s %6s %7s %6s %s\n' rev files lines pairs 'pairs/1k lines'
for rev in "$@"; do
  dir=$(mktemp -d)
  git archive "$rev" | tar -x -C "$dir"
  lines=$(cd "$dir" && find . -type f \( -name '*.ts' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \
    -o -name '*.css' -o -name '*.html' -o -name '*.sh' -o -name '*.hbs' \) -print0 |
    xargs -0 cat | grep -cv '^[[:space:]]*$')
  head=$(cd "$dir" && duplicates --seconds 300 | head -1)
  pairs=$(sed -nE 's/^([0-9]+) pairs.*/\1/p' <<<"$head")
  files=$(sed -nE 's/.*\(([0-9]+) files read\).*/\1/p' <<<"$head")
  printf '%-10s %6s %7s %6s %s\n' "$(git rev-parse --short "$rev")" "$files" "$lines" "${pairs:-0}" \
    "$(awk -v p="${pairs:-0}" -v l="$lines" 'BEGIN { printf "%.2f", p * 1000 / l }')"
  rm -rf "$dir"
done
