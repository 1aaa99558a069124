#!/bin/sh
# Generates the province-sized dataset (UNITS, default 10000; NO_RECORDS=1 leaves out the duty
# records) and runs the scale benchmark.
set -eu
cd "$(dirname "$0")"
units=${UNITS:-10000}
mkdir -p out
echo "generating $units units ..."
start=$(date +%s)
./gen --units "$units" ${NO_RECORDS:+--no-records} > out/province.json
echo "generated $(du -h out/province.json | cut -f1) in $(($(date +%s) - start)) s"
rm -rf out/data
./bench_check out/data out/province.json
