"""Runs the API suite's modules (test_*.py beside this file) side by side, each in a unittest
process of its own, and says which failed. Every test starts its own `zeren serve` on an
ephemeral port over its own data directory, so modules share nothing but the machine.

    python3 tests/api/run.py [-j N] [module ...]

-j N: modules at once (default: the machine's processors, at least 2). A module's output is
printed whole when it ends (in full when it failed), so the log stays readable. The largest
modules start first: the run ends soon after its longest module.
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-j", type=int, default=max(2, os.cpu_count() or 1))
    ap.add_argument("modules", nargs="*")
    args = ap.parse_args()
    names = args.modules or sorted(f[:-3] for f in os.listdir(HERE) if re.fullmatch(r"test_\w+\.py", f))
    names.sort(key=lambda m: -os.path.getsize(os.path.join(HERE, m + ".py")))
    # The modules run in this directory: a binary or source tree named relative to the caller's.
    for var in ("ZEREN", "ZEREN_SRCDIR"):
        if os.environ.get(var):
            os.environ[var] = os.path.abspath(os.environ[var])
    pending = list(names)
    lock = threading.Lock()
    failed, counts = [], {}
    began = time.monotonic()

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                name = pending.pop(0)
            t0 = time.monotonic()
            p = subprocess.run([sys.executable, "-m", "unittest", name], cwd=HERE, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors="replace")
            ran = re.search(r"^Ran (\d+) tests?", p.stdout, re.M)
            with lock:
                counts[name] = int(ran.group(1)) if ran else 0
                status = "ok" if p.returncode == 0 else "FAILED (exit %d)" % p.returncode
                print("# %s: %s, %d tests, %.1f s" % (name, status, counts[name], time.monotonic() - t0), flush=True)
                if p.returncode != 0:
                    failed.append(name)
                    sys.stdout.write(p.stdout)
                    sys.stdout.flush()

    threads = [threading.Thread(target=worker) for _ in range(max(1, args.j))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("# %d tests in %d modules, %.0f s, %d at once: %s" % (
        sum(counts.values()), len(names), time.monotonic() - began, args.j,
        "FAILED: " + " ".join(sorted(failed)) if failed else "all passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
