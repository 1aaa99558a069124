"""Several servers, one store (issue 16, item 4): three `zeren serve` processes on one store
behind nginx (scripts/nodes.sh). A write through one node is seen on the next request through
the others (their unit views and session memos follow the store's generation counters); a
session made on one node works on the others, and a sign-out on one or an account disabled
elsewhere is honoured by all on the next request (authorization generation); a node
killed under a write load through nginx loses no acknowledged write, refuses a write only with
nginx's 502 for the killed node (no node left answers a server error: nginx's log names the node
behind each answer), and nginx sends the reads to the nodes left.

The store is the data directory made here, or the database $ZEREN_DB names (it must be empty:
the demo is loaded into it) once the PostgreSQL backend reads it. Run:
    ZEREN=build/zeren ZEREN_SRCDIR=. python3 -m unittest -v tests/nodes/test_nodes.py
"""
import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

SRCDIR = os.environ.get("ZEREN_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
ZEREN = os.environ.get("ZEREN", os.path.join(SRCDIR, "build", "zeren"))
NODES = os.path.join(SRCDIR, "scripts", "nodes.sh")
DEMO_ON = "2026-11-21"
PASSWORD = "Zeren-Demo-2026"  # the demo accounts' (src/cmd/data.c)
VULNS = "/api/v1/units/demo/vulnerabilities"


class Session:
    """A signed-in session: its cookie and CSRF token, usable on any port."""

    def __init__(self, cookie, csrf):
        self.cookie, self.csrf = cookie, csrf


def call(port, method, path, session=None, body=None, timeout=60):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if session:
        headers["Cookie"] = "zeren_session=" + session.cookie
        if method != "GET":
            headers["X-CSRF-Token"] = session.csrf
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=data, headers=headers)
        r = c.getresponse()
        payload = r.read()
        return r.status, r.getheaders(), payload
    finally:
        c.close()


def login(port, username="office"):
    status, headers, payload = call(port, "POST", "/api/v1/session", body={"username": username, "password": PASSWORD})
    assert status == 200, (status, payload[:300])
    cookie = [v for k, v in headers if k.lower() == "set-cookie" and v.startswith("zeren_session=")][0]
    return Session(cookie.split(";", 1)[0].split("=", 1)[1], json.loads(payload)["csrf_token"])


def vulnerability(vid):
    return {"id": vid, "system": "portal", "title": "节点测试 " + vid, "source": "scan", "severity": "low",
            "found_on": "2026-11-20"}


def vuln_ids(port, session):
    """The ids of the demo's vulnerabilities, every page."""
    ids, page = set(), 1
    while True:
        status, _, payload = call(port, "GET", VULNS + "?per_page=200&page=%d" % page, session)
        assert status == 200, (status, payload[:300])
        body = json.loads(payload)
        ids |= {v["id"] for v in body["items"]}
        if page * 200 >= body["total"]:
            return ids
        page += 1


class NodesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.dir = tempfile.mkdtemp(prefix="zeren-nodes-")
        cls.data = os.path.join(cls.dir, "data")
        cls.state = os.path.join(cls.dir, "nodes")
        out = subprocess.run([ZEREN, "--data", cls.data, "demo", "--as-of", DEMO_ON], capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError("zeren demo: " + out.stderr)
        env = dict(os.environ, ZEREN=ZEREN,
                   NODE_ARGS="--threads 4 --ip-budget 0 --login-budget 0 --jobs-interval 0 --checkpoint-minutes 0")
        out = subprocess.run(["sh", NODES, "start", "3", cls.state, cls.data], capture_output=True, text=True, env=env)
        if out.returncode:
            shutil.rmtree(cls.dir, ignore_errors=True)
            raise RuntimeError("nodes.sh start: " + out.stderr)
        cls.nodes = []  # (port, pid)
        for line in out.stdout.splitlines():
            words = line.split()
            if words[0] == "node":
                cls.nodes.append((int(words[2]), int(words[3])))
            elif words[0] == "nginx":
                cls.nginx = int(words[1])
        assert len(cls.nodes) == 3

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["sh", NODES, "stop", cls.state])
        shutil.rmtree(cls.dir, ignore_errors=True)
        print("\n# nodes test: %.1f s" % (time.monotonic() - cls.started))

    def port(self, i):
        return self.nodes[i][0]

    def test_1_write_seen_on_the_other_nodes(self):
        s = login(self.port(0))
        # every node builds and caches the unit's view first
        before = [vuln_ids(self.port(i), s) for i in range(3)]
        self.assertEqual(before[0], before[1])
        self.assertEqual(before[0], before[2])
        for n in range(5):
            vid = "nodes-seen-%d" % n
            writer, reader = n % 3, (n + 1) % 3
            status, _, payload = call(self.port(writer), "POST", VULNS, s, vulnerability(vid))
            self.assertEqual(status, 201, payload[:300])
            for i in (reader, (reader + 1) % 3):
                self.assertIn(vid, vuln_ids(self.port(i), s), "node %d did not see a write made on node %d" % (i, writer))

    def test_2_session_made_on_one_node_works_on_the_others(self):
        s = login(self.port(1))
        for i in (0, 2):
            self.assertEqual(call(self.port(i), "GET", "/api/v1/session", s)[0], 200, "node %d" % i)
        status, _, payload = call(self.port(2), "POST", VULNS, s, vulnerability("nodes-session"))
        self.assertEqual(status, 201, payload[:300])
        self.assertEqual(call(self.nginx, "GET", "/api/v1/session", s)[0], 200)

    def test_3_sign_out_honoured_everywhere(self):
        s = login(self.port(0))
        for i in range(3):
            self.assertEqual(call(self.port(i), "GET", "/api/v1/session", s)[0], 200, "node %d" % i)
        status, _, payload = call(self.port(2), "DELETE", "/api/v1/session", s)
        self.assertLess(status, 300, payload[:300])
        for i in range(3):
            self.assertEqual(call(self.port(i), "GET", "/api/v1/session", s)[0], 401,
                             "node %d still honours a session signed out on node 2" % i)

    def test_4_account_disabled_elsewhere_is_refused_by_every_node(self):
        s = login(self.nginx, "staff")
        for i in range(3):
            self.assertEqual(call(self.port(i), "GET", "/api/v1/session", s)[0], 200, "node %d" % i)
        # another process changes the account (as a fourth node or the command line would)
        out = subprocess.run([ZEREN, "--data", self.data, "user", "disable", "staff"], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        for i in range(3):
            self.assertEqual(call(self.port(i), "GET", "/api/v1/session", s)[0], 401,
                             "node %d still honours the session of a disabled account" % i)

    def test_9_node_killed_under_load(self):
        s = login(self.nginx)
        acked, failed, lock = [], [], threading.Lock()
        count = [0]
        killed = threading.Event()

        def writer(t):
            for n in range(50):
                vid = "nodes-load-%d-%02d" % (t, n)
                try:
                    status = call(self.nginx, "POST", VULNS, s, vulnerability(vid))[0]
                except (OSError, http.client.HTTPException):
                    status = 0
                with lock:
                    (acked if 200 <= status < 300 else failed).append((vid, status))
                    count[0] += 1
                    if count[0] == 60 and not killed.is_set():
                        os.kill(self.nodes[1][1], signal.SIGKILL)
                        killed.set()

        threads = [threading.Thread(target=writer, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(killed.is_set())
        self.assertEqual(len(acked) + len(failed), 200)
        self.assertGreater(len(acked), 150, "most writes succeed on the nodes left: %r" % failed[:5])
        # A write is refused only by nginx losing the killed node (502): no node left answers an
        # error of its own. nginx's log names each node a request went to and what it answered.
        self.assertEqual([f for f in failed if f[1] != 502], [], "writes refused otherwise than by a 502")
        killed_addr = "127.0.0.1:%d" % self.port(1)
        with open(os.path.join(self.state, "logs", "access.log")) as log:
            fields = [line.split("|") for line in log]
        answers = [(addr.strip(), status.strip()) for f in fields if f[1].startswith("POST " + VULNS + " ")
                   for addr, status in zip(f[3].split(","), f[4].split(","))]
        self.assertGreaterEqual(len(answers), 200, "nginx logged the writes")
        self.assertEqual([a for a in answers if a[0] != killed_addr and a[1].startswith("5")], [],
                         "a node left answered a write with a server error")
        # Reads through nginx all succeed: the dead node is skipped or retried on the others.
        for _ in range(30):
            status, _, payload = call(self.nginx, "GET", VULNS, s)
            self.assertEqual(status, 200, payload[:200])
        stored = vuln_ids(self.nginx, s)
        lost = [v for v, _ in acked if v not in stored]
        self.assertEqual(lost, [], "acknowledged writes missing from the store")
        # and the store's audit chain is whole
        out = subprocess.run([ZEREN, "--data", self.data, "audit", "verify"], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        print("\n# under load: %d of 200 writes acknowledged, %d refused (%s) after node 2 was killed"
              % (len(acked), len(failed), sorted({st for _, st in failed})))


if __name__ == "__main__":
    unittest.main()
