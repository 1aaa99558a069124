"""The server under concurrent load: 32 clients reading and writing at once, then SIGTERM while
reads and writes are still arriving. Every reply must be a correct one, the writes must all
land (an acknowledged one also across the stop), and the server must stop cleanly (under
ASan/UBSan in `make check-sanitize`: no report)."""
import threading
import time
import unittest

from harness import ON_PG, Server, StoreDB

CLIENTS = 32
ROUNDS = 15


class ServerCase(unittest.TestCase):
    threads = 4  # the server's connection threads

    def setUp(self):
        self.server = Server.start(threads=self.threads)

    def tearDown(self):
        self.server.cleanup()


class ConcurrencyTest(ServerCase):
    def test_32_clients_read_and_write_then_stop_cleanly(self):
        srv = self.server
        # One session (argon2id makes each login deliberately slow), 32 connections using it.
        first = srv.client("office")
        clients = [first] + [first.clone() for _ in range(CLIENTS - 1)]
        people = clients[0].get("/api/v1/units/demo/people?per_page=200").json()["items"]
        self.assertGreaterEqual(len(people), CLIENTS)
        failures = []
        written = {}

        def work(i, c):
            person = people[i]["id"]
            try:
                for n in range(ROUNDS):
                    r = c.get("/api/v1/units/demo/findings?as_of=2026-11-%02d" % (1 + n % 20))
                    if r.status != 200 or "items" not in r.json():
                        failures.append(("findings", r))
                    r = c.get("/api/v1/units/demo/people/" + person)
                    if r.status != 200:
                        failures.append(("person", r))
                    if n % 5 == 0:
                        name = "并发%02d-%02d" % (i, n)
                        r = c.put("/api/v1/units/demo/people/" + person, {"name": name})
                        if r.status != 200:
                            failures.append(("write", r))
                        else:
                            written[person] = name
            except Exception as exc:  # a dropped connection is a failure too
                failures.append(("exception", repr(exc)))

        threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        # Every write is visible afterwards (the views were replaced as the store changed).
        check = srv.client("leader")
        for person, name in written.items():
            self.assertEqual(check.get("/api/v1/units/demo/people/" + person).json()["name"], name)
        self.assertEqual(len(written), CLIENTS)

        # Stop while reads and writes are in flight: they finish, then the server exits 0.
        stop_reading = threading.Event()
        replies = []
        acked = {}      # person -> the last name a write of it was acknowledged with
        attempted = {}  # person -> every name sent, in order

        def keep_reading(c):
            while not stop_reading.is_set():
                try:
                    replies.append(c.get("/api/v1/units/demo/findings").status)
                except Exception:
                    return  # the server has gone: expected once it stops

        def keep_writing(i, c):
            person = people[i]["id"]
            attempted[person] = []
            for n in range(100000):
                if stop_reading.is_set():
                    return
                name = "停止%02d-%05d" % (i, n)
                attempted[person].append(name)
                try:
                    r = c.put("/api/v1/units/demo/people/" + person, {"name": name})
                except Exception:
                    return
                if r.status != 200:
                    return  # refused while stopping (the connection closes): never acknowledged
                acked[person] = name

        readers = [threading.Thread(target=keep_reading, args=(c,)) for c in clients[:8]]
        writers = [threading.Thread(target=keep_writing, args=(i, c)) for i, c in enumerate(clients[8:12])]
        for t in readers + writers:
            t.start()
        deadline = time.time() + 30
        while len(acked) < len(writers) and time.time() < deadline:
            time.sleep(0.01)  # until every writer has had a write acknowledged
        code, out, err = srv.stop()
        stop_reading.set()
        for t in readers + writers:
            t.join()
        self.assertEqual(len(acked), len(writers), "a writer had no write acknowledged before the stop")
        for c in clients:
            c.close()
        self.assertEqual(code, 0, err[-4000:])
        self.assertIn("stopped", out)
        self.assertNotIn("AddressSanitizer", err)
        self.assertNotIn("runtime error:", err)
        self.assertTrue(replies and all(s == 200 for s in replies), replies[:20])

        # Every acknowledged write is there: the last one, or one sent after it whose reply
        # the stop cut off.
        db = StoreDB(srv.data)
        try:
            for person, name in acked.items():
                (stored,) = db.execute("SELECT name FROM person WHERE id = ?", (person,)).fetchone()
                later = attempted[person][attempted[person].index(name):]
                self.assertIn(stored, later, person)
        finally:
            db.close()

        # The audit log recorded every write and is intact.
        r = srv.zeren("audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_many_dates_at_once(self):
        """More as-of dates than a unit view keeps (it retires and a fresh one takes over) asked
        by 8 connections at once: every reply equals the one asked alone afterwards."""
        first = self.server.client("leader")
        clients = [first] + [first.clone() for _ in range(7)]
        dates = ["2026-%02d-%02d" % (1 + i // 28, 1 + i % 28) for i in range(150)]
        got, failures = {}, []

        def work(k, c):
            for d in dates[k::len(clients)]:
                r = c.get("/api/v1/units/demo/findings?per_page=200&as_of=" + d)
                if r.status != 200:
                    failures.append((d, r))
                else:
                    got[d] = sorted((f["rule"], f["subject"]["id"]) for f in r.json()["items"])

        threads = [threading.Thread(target=work, args=(k, c)) for k, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        for d in dates[::15]:
            r = first.get("/api/v1/units/demo/findings?per_page=200&as_of=" + d)
            self.assertEqual(got[d], sorted((f["rule"], f["subject"]["id"]) for f in r.json()["items"]), d)
        for c in clients:
            c.close()
        code, _, err = self.server.stop()
        self.assertEqual(code, 0, err[-4000:])


if __name__ == "__main__":
    unittest.main()


class WritersTest(ServerCase):
    """State-changing requests wait for the writes' turn on threads of their own (--writers),
    not on the connection thread, which goes on serving reads."""

    threads = 1  # one connection thread: a write waiting on it would hold up every other connection

    def test_a_read_is_answered_while_a_write_waits_for_the_store(self):
        srv = self.server
        office = srv.client("office")
        writer = office.clone()
        person = office.get("/api/v1/units/demo/people?per_page=1").json()["items"][0]
        # The store locked against writes from outside for 3 s: the write waits for it (SQLite's
        # busy timeout is 5 s) and then lands.
        locked, released = threading.Event(), threading.Event()

        def hold():
            db = StoreDB(srv.data)
            db.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE" if ON_PG else "BEGIN IMMEDIATE")
            locked.set()
            time.sleep(3)
            released.set()
            db.commit()
            db.close()

        holder = threading.Thread(target=hold)
        holder.start()
        self.assertTrue(locked.wait(30), "the store could not be locked")
        wrote = []
        t = threading.Thread(target=lambda: wrote.append(
            writer.put("/api/v1/units/demo/people/" + person["id"], {"name": "写者测试"})))
        t.start()
        time.sleep(0.3)  # the write has reached the server and waits for the lock
        r = office.get("/api/v1/units/demo/people/" + person["id"])
        answered_while_locked = not released.is_set()
        t.join()
        holder.join()
        self.assertEqual(r.status, 200)
        self.assertTrue(answered_while_locked, "the read waited for the write")
        self.assertEqual(r.json()["name"], person["name"])
        self.assertEqual(wrote[0].status, 200, wrote[0])
        self.assertEqual(office.get("/api/v1/units/demo/people/" + person["id"]).json()["name"], "写者测试")
