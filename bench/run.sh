#!/bin/sh
# Generates the province-sized dataset (UNITS, default 10000; NO_RECORDS=1 leaves out the duty
# records) and runs the scale benchmark: the import and the in-process checks (bench_check), then
# the cold start in a fresh process with the SQL baseline beside the engine (bench_check --cold),
# from the tables and then from the facts snapshot, and `zeren check` itself in a fresh process.
set -eu
cd "$(dirname "$0")"
units=${UNITS:-10000}
mkdir -p out
echo "generating $units units ..."
start=$(date +%s)
./gen --units "$units" ${NO_RECORDS:+--no-records} > out/province.json
echo "generated $(du -h out/province.json | cut -f1) in $(($(date +%s) - start)) s"
rm -rf out/data
# The importing process's cold check reads the tables (without writing the facts snapshot).
ZEREN_SNAPSHOT=off ./bench_check out/data out/province.json
# The cold start: a new process, nothing of the import in its memory (the OS page cache is
# warm: the database was just written; see README.md for an empty cache). The first reads the
# tables and writes the facts snapshot beside the database, the second reads the snapshot.
echo "cold start from the tables (and writing the facts snapshot):"
./bench_check --cold out/data
echo "cold start from the facts snapshot:"
./bench_check --cold out/data
/usr/bin/time -f "zeren check, fresh process: %e s wall, %U s user, %S s system, %M KiB peak" \
	../build/zeren --data out/data check --as-of 2026-11-21 --format json >/dev/null || [ $? -eq 1 ]
