"""The cost of durability: API write throughput with ZEREN_SYNCHRONOUS=normal and =full
(docs/server.md). 4 clients update people of the demo unit through a real `zeren serve`.
Run: ZEREN=build/zeren ZEREN_SRCDIR=. python3 bench/durability.py"""
import os, sys, time, threading
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "api"))
from harness import Server
def run(mode, n=300, threads=4):
    os.environ["ZEREN_SYNCHRONOUS"] = mode
    s = Server.start(threads=4)
    try:
        c = s.client("office")
        clients = [c] + [c.clone() for _ in range(threads - 1)]
        people = c.get("/api/v1/units/demo/people?per_page=200").json()["items"]
        def work(k, cl):
            for i in range(n // threads):
                p = people[(k * 50 + i) % len(people)]
                r = cl.put("/api/v1/units/demo/people/" + p["id"], {"background_check": "2026-%02d-%02d" % (1 + i % 12, 1 + k)})
                assert r.status == 200, r
        t = time.monotonic()
        ts = [threading.Thread(target=work, args=(k, cl)) for k, cl in enumerate(clients)]
        [x.start() for x in ts]; [x.join() for x in ts]
        dt = time.monotonic() - t
        return n / dt
    finally:
        s.stop(); s.cleanup()
for mode in ("normal", "full", "normal", "full"):
    print(mode, "%.0f writes/s" % run(mode), flush=True)
