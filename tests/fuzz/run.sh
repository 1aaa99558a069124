#!/bin/sh
# Runs each libFuzzer harness in DIR for SECONDS (or, with RUNS set, for that many inputs),
# starting from its seed corpus tests/fuzz/corpus/<name>/. New inputs go to a scratch corpus
# under DIR (the repository's seeds stay as they are); a crash leaves its input in
# DIR/artifacts/ and makes the run fail. Usage: run.sh DIR SECONDS [NAME...]
set -u
dir=$1
secs=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
names=${*:-$(cd "$src" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')}
mkdir -p "$dir/artifacts"
fail=0
for n in $names; do
	bin=$dir/fuzz_$n
	work=$dir/corpus/$n
	mkdir -p "$work"
	limit="-max_total_time=$secs"
	[ -n "${RUNS:-}" ] && limit="-runs=$RUNS"
	echo "# fuzz $n ($limit)"
	if ! "$bin" $limit -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=0 \
		-artifact_prefix="$dir/artifacts/$n-" "$work" "$src/corpus/$n" >"$dir/$n.log" 2>&1; then
		echo "not ok - fuzz $n: see $dir/$n.log and $dir/artifacts/"
		tail -30 "$dir/$n.log"
		fail=1
	else
		echo "ok - fuzz $n: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$dir/$n.log" | tail -1)s"
	fi
done
exit $fail
