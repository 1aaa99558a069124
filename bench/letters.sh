#!/bin/sh
# The letters benchmark (bench/README.md, "Letters"): a unit with N department heads, then one
# campaign that renders, hashes and keeps N yearly letters; prints the CPU, wall time and peak
# RSS of the campaign alone. Usage: bench/letters.sh [N] [ZEREN]  (default 1000, build/zeren)
set -eu
n=${1:-1000}
zeren=${2:-$(dirname "$0")/../build/zeren}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$(dirname "$0")/letters.py" "$n" > "$dir/unit.json"
"$zeren" --data "$dir/data" init > /dev/null
"$zeren" --data "$dir/data" import "$dir/unit.json" > /dev/null 2>&1
/usr/bin/time -f "$n letters: %U s user, %S s sys, %e s wall, %M KiB peak RSS" \
	"$zeren" --data "$dir/data" doc campaign open --org bench --kind responsibility_letter --year 2027 > /dev/null
