#!/bin/sh
# The yearly evaluation at scale: generates the dataset of UNITS units (default 10000: 10,021
# with the province and its cities), imports it into out/eval-UNITS/data once (kept for later
# runs; delete the directory to start again) and times bench_eval on it.
set -eu
cd "$(dirname "$0")"
units=${UNITS:-10000}
dir=out/eval-$units
make -s gen bench_eval
mkdir -p "$dir"
if [ ! -f "$dir/data/zeren.db" ]; then
	./gen --units "$units" > "$dir/province.json"
	./bench_eval "$dir/data" "$dir/province.json"
	rm -f "$dir/province.json"
else
	./bench_eval "$dir/data"
fi
