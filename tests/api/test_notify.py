"""Reminders and notifications against real receivers on loopback: an SMTP server (aiosmtpd,
STARTTLS with a certificate made here by openssl and trusted through --ca-file, never by
switching verification off), an HTTPS webhook receiver that checks the DingTalk, WeCom and
Feishu robots' payloads and signatures and fails 3 times before it succeeds, a sender that died
mid-queue; the bell, preferences, channel settings (secrets never in clear) and test sends.
The scheduler runs as `zeren jobs run --as-of DAY` (a simulated day), so nothing waits."""
import asyncio
import base64
import datetime
import email
import email.policy
import hashlib
import hmac
import json
import os
import re
import socket
import ssl
import subprocess
import tempfile
import threading
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import DEMO_ON, ZEREN, ServerTestCase, StoreDB

try:
    from aiosmtpd.controller import Controller
except ImportError:
    # scripts/deps.sh installs Debian's python3-aiosmtpd; a python3 other than Debian's (make
    # check uses /usr/bin/python3) finds it at the end of its path.
    import sys
    sys.path.append("/usr/lib/python3/dist-packages")
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        Controller = None

DING_SECRET = "SECdingtalk-test-secret-0123456789"
FEISHU_SECRET = "feishu-test-secret-abcdef"


def make_certs(d):
    """A private CA and a certificate for 127.0.0.1 signed by it."""
    def run(*args):
        subprocess.run(["openssl"] + list(args), check=True, capture_output=True, cwd=d)
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
        "-subj", "/CN=zeren test CA", "-keyout", "ca.key", "-out", "ca.crt",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", "srv.key", "-out", "srv.csr")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "srv.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
        "-extfile", "ext.cnf", "-out", "srv.crt")
    return os.path.join(d, "ca.crt"), os.path.join(d, "srv.crt"), os.path.join(d, "srv.key")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailSink:
    def __init__(self):
        self.lock = threading.Lock()
        self.mails = []  # (rcpt_tos, parsed message, over TLS)
        self.raw = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.mails.append((list(envelope.rcpt_tos), msg, session.ssl is not None))
            self.raw.append(envelope.original_content)
        return "250 OK"


class Hooks:
    """What the webhook receiver saw: (path, query, payload, status answered)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.flaky_left = 3


def hook_handler(rec):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            u = urllib.parse.urlsplit(self.path)
            payload = json.loads(body.decode("utf-8"))
            with rec.lock:
                fail = u.path.endswith("/flaky") and rec.flaky_left > 0
                if fail:
                    rec.flaky_left -= 1
                status = 500 if fail else 200
                rec.requests.append((u.path, urllib.parse.parse_qs(u.query), payload, status,
                                     self.headers.get("Content-Type")))
            if fail:
                reply = {"errcode": -1, "errmsg": "system busy"}
            elif u.path.startswith("/feishu"):
                reply = {"code": 0, "msg": "success"}
            elif u.path.startswith("/refuse"):
                reply = {"errcode": 310000, "errmsg": "sign not match"}
            else:
                reply = {"errcode": 0, "errmsg": "ok"}
            out = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *a):
            pass
    return Handler


def sign_ding(ts, secret):
    mac = hmac.new(secret.encode(), ("%s\n%s" % (ts, secret)).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def sign_feishu(ts, secret):
    mac = hmac.new(("%s\n%s" % (ts, secret)).encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


@unittest.skipIf(Controller is None, "python3-aiosmtpd is not installed")
class NotifyTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.ca, crt, key = make_certs(cls.tmp.name)
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(crt, key)
        cls.sink = MailSink()
        cls.smtp_port = free_port()
        cls.smtp = Controller(cls.sink, hostname="127.0.0.1", port=cls.smtp_port, tls_context=tls,
                              require_starttls=True)
        cls.smtp.start()
        cls.hooks = Hooks()
        cls.https = ThreadingHTTPServer(("127.0.0.1", 0), hook_handler(cls.hooks))
        cls.https.socket = tls.wrap_socket(cls.https.socket, server_side=True)
        cls.hook_base = "https://127.0.0.1:%d" % cls.https.server_address[1]
        threading.Thread(target=cls.https.serve_forever, daemon=True).start()
        cls.serve_args = ("--ca-file", cls.ca, "--jobs-interval", "0")
        super().setUpClass()
        cls.configure()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.stop()
            cls.https.shutdown()
            cls.https.server_close()
            cls.tmp.cleanup()

    @classmethod
    def configure(cls):
        """The unit's four channels (系统管理员) and two people's mail addresses (网信办), then
        the scheduler run over the demo's day, as if the server had restarted mid-queue."""
        sysadmin = cls.server.client("sysadmin")
        channels = {
            "mail": {"settings": {"host": "127.0.0.1", "port": cls.smtp_port, "security": "starttls",
                                  "from": "zeren@example.cn"}},
            "dingtalk": {"secrets": {"webhook": cls.hook_base + "/dingtalk/robot/send?access_token=t0k3n",
                                     "secret": DING_SECRET}},
            "wecom": {"secrets": {"webhook": cls.hook_base + "/wecom/flaky?key=wk"}},
            "feishu": {"secrets": {"webhook": cls.hook_base + "/feishu/hook/abc", "secret": FEISHU_SECRET}},
        }
        for ch, body in channels.items():
            r = sysadmin.put("/api/v1/units/demo/notify/channels/" + ch, dict(body, enabled=True))
            assert r.status == 200, r
        office = cls.server.client("office")
        for person, addr in (("p-zhouhaitao", "zhouhaitao@example.cn"), ("p-limingyuan", "limingyuan@example.cn")):
            r = office.put("/api/v1/units/demo/people/%s/notify-prefs" % person, {"email": addr})
            assert r.status == 200, r
        # The day's signing campaign (letters sent) and evaluation round (released, one
        # department objecting), so their announcements go out through every channel too; the
        # days after it are run below.
        for args in (("doc", "campaign", "open", "--org", "demo", "--kind", "responsibility_letter", "--year", "2027",
                      "--date", DEMO_ON),
                     ("doc", "campaign", "send", "demo-2027-responsibility_letter")):
            r = cls.server.zeren(*args)
            assert r.returncode == 0, r.stderr
        ev = ("evaluation", "--org", "demo", "--year", "2025")
        steps = [("open",)]
        for dept in ("office", "publicity", "media", "nic", "academic", "finance", "hr", "library", "logistics", "card",
                     "cs"):
            steps += [("score", "--department", dept, "--indicator", "org.meeting", "--score", "8")]
        steps += [("release", "--on", DEMO_ON),
                  ("object", "--department", "academic", "--reason", "自查报告已按时提交", "--on", DEMO_ON)]
        for step in steps:
            r = cls.server.zeren(ev[0], step[0], *ev[1:], *step[1:])
            assert r.returncode == 0, r.stderr
        # The first run sends 5 and stops (the server restarts), one delivery is left held by a
        # sender that died (its lease ran out); later runs go on, retrying the flaky receiver.
        cls.runs = [cls.jobs("--max", "5")]
        db = StoreDB(cls.server.data)
        with db:
            db.execute("UPDATE notify_delivery SET state = 'sending', claimed_by = 'dead:1', lease_until = 1 "
                       "WHERE id = (SELECT min(id) FROM notify_delivery WHERE state = 'queued')")
        db.close()
        # Two senders at once on one queue (two nodes, or serve beside cron): each delivery is
        # claimed by one of them.
        for _ in range(6):
            procs = [cls.jobs_start() for _ in range(2)]
            for p in procs:
                out, err = p.communicate(timeout=120)
                assert p.returncode == 0, err
                cls.runs.append(json.loads(out))
        # Then the scheduler each day to 2026-12-11: the objection answered (11-30) and the
        # round published (12-01); the letters go unsigned past their deadline (12-04).
        day = datetime.date.fromisoformat(DEMO_ON)
        while day < datetime.date(2026, 12, 11):
            day += datetime.timedelta(days=1)
            step = {"2026-11-30": ("resolve", "--department", "academic", "--answer", "经核实已改正"),
                    "2026-12-01": ("publish", "--on", "2026-12-01")}.get(day.isoformat())
            if step:
                r = cls.server.zeren(ev[0], step[0], *ev[1:], *step[1:])
                assert r.returncode == 0, r.stderr
            cls.runs.append(cls.jobs(day=day.isoformat()))

    # The demo unit's jobs only: the demo store also holds its supervisor and two more units
    # (issue 15), whose reminders the unit's delivery log does not show.
    @classmethod
    def jobs(cls, *args, day=DEMO_ON):
        r = cls.server.zeren("jobs", "run", "--org", "demo", "--as-of", day, "--backoff", "0", "--ca-file", cls.ca,
                             "--format", "json", *args)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    @classmethod
    def jobs_start(cls):
        return subprocess.Popen([ZEREN, "--data", cls.server.data, "jobs", "run", "--org", "demo", "--as-of", DEMO_ON,
                                 "--backoff", "0", "--ca-file", cls.ca, "--format", "json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def all_deliveries(self, **query):
        items, page = [], 1
        while True:
            got = self.deliveries(page=page, **query)
            items += got["items"]
            if len(items) >= got["total"] or not got["items"]:
                return items
            page += 1

    def deliveries(self, **query):
        office = self.as_("office")
        q = urllib.parse.urlencode(dict(query, per_page=200))
        r = office.get("/api/v1/units/demo/notify/deliveries?" + q)
        self.assertStatus(r, 200)
        return r.json()

    def test_everything_sent_once(self):
        log = self.deliveries()
        self.assertGreater(log["total"], 20)
        items = [d for d in self.all_deliveries() if d["rule"] != "test"]
        by_state = {}
        for d in items:
            by_state.setdefault(d["state"], []).append(d)
        self.assertEqual(set(by_state), {"sent"}, [(d["id"], d["state"], d["answer"]) for d in items
                                                   if d["state"] != "sent"])
        # Each robot message reached its receiver exactly once with a 200.
        with self.hooks.lock:
            ok = [(p, json.dumps(b, sort_keys=True)) for p, _, b, st, _ in self.hooks.requests if st == 200]
        texts = [x for x in ok if not x[1].startswith('{"msgtype": "text", "text": {"content": "【测试】')]
        self.assertEqual(len(texts), len(set(texts)), "a robot message was delivered twice")
        for ch in ("dingtalk", "wecom", "feishu"):
            sent = [d for d in items if d["channel"] == ch]
            got = [t for p, t in texts if p.startswith("/" + ch)]
            self.assertEqual(len(sent), len(got), ch)
            self.assertGreater(len(sent), 0, ch)

    def test_mail_starttls_utf8(self):
        mails = [d for d in self.all_deliveries(channel="mail") if d["rule"] != "test"]
        self.assertGreater(len(mails), 0)
        with self.sink.lock:
            got = [(to, m, tls) for to, m, tls in self.sink.mails if not m["subject"].startswith("【测试】")]
        self.assertEqual(len(got), len(mails))
        ids = [m["message-id"] for _, m, _ in got]
        self.assertEqual(len(ids), len(set(ids)))
        people = {"p-zhouhaitao": "zhouhaitao@example.cn", "p-limingyuan": "limingyuan@example.cn"}
        for d in mails:
            match = [m for to, m, _ in got if m["subject"] == d["subject"] and to == [people[d["person"]]]]
            self.assertEqual(len(match), 1, d["subject"])
            m = match[0]
            self.assertEqual(m.get_content().strip(), d["body"])
        self.assertTrue(all(tls for _, _, tls in got), "a mail went without STARTTLS")
        with self.sink.lock:
            # RFC 2047 encoded words, every line within 78 characters.
            for raw in self.sink.raw:
                self.assertIn(b"\r\nSubject: =?UTF-8?B?", raw)
                self.assertEqual([l for l in raw.split(b"\r\n") if len(l) > 78], [])
        # The leader (第一责任人) hears of the overdue monthly report: escalation reached level 3.
        lead = [s for to, m, _ in got for s in [m["subject"]] if to == ["limingyuan@example.cn"]]
        self.assertTrue(any("逾期督办" in s for s in lead), lead)

    def test_signing_and_evaluation_through_every_channel(self):
        # 周海涛 heads a department and sits in the office: asked to sign his letter, told of the
        # released round and of 教务处's objection, once each on every channel.
        for rule, obj in (("sign.request", None), ("eval.released", "demo/2025/v1"),
                          ("eval.objected", "demo/2025/v1/academic")):
            mine = [d for d in self.all_deliveries(rule=rule) if d["person"] == "p-zhouhaitao"
                    and (obj is None or d["object"] == obj)]
            self.assertEqual(sorted(d["channel"] for d in mine), ["dingtalk", "feishu", "inbox", "mail", "wecom"], rule)
            self.assertEqual({d["state"] for d in mine}, {"sent"}, rule)
            subject = mine[0]["subject"]
            with self.sink.lock:
                got = [m for to, m, _ in self.sink.mails if m["subject"] == subject and to == ["zhouhaitao@example.cn"]]
            self.assertEqual(len(got), 1, subject)
            with self.hooks.lock:
                robots = [p for p, _, b, st, _ in self.hooks.requests if st == 200 and subject in json.dumps(
                    b, ensure_ascii=False) and "（致：周海涛）" in json.dumps(b, ensure_ascii=False)]
            self.assertEqual(sorted(p.split("/")[1] for p in robots), ["dingtalk", "feishu", "wecom"], subject)
        # 李明远 (第一责任人) hears, on every channel, that the round awaits his confirmation
        # and, 5 working days past the signing deadline, of the letters still unsigned: one
        # message for the campaign naming the 11 letters, not 11 messages.
        for rule, level in (("eval.ready", None), ("sign.overdue", "L3")):
            his = [d for d in self.all_deliveries(rule=rule) if d["person"] == "p-limingyuan"]
            self.assertTrue(his, rule)
            self.assertEqual({d["state"] for d in his}, {"sent"}, rule)
            for subject in {d["subject"] for d in his}:
                self.assertEqual(sorted(d["channel"] for d in his if d["subject"] == subject),
                                 ["dingtalk", "feishu", "inbox", "mail", "wecom"], subject)
                with self.sink.lock:
                    self.assertEqual(len([m for to, m, _ in self.sink.mails if m["subject"] == subject
                                          and to == ["limingyuan@example.cn"]]), len({d["object"] for d in his
                                                                                   if d["subject"] == subject}))
        his = [d for d in self.all_deliveries(rule="sign.overdue", channel="inbox") if d["person"] == "p-limingyuan"]
        self.assertEqual([d["object"] for d in his], ["demo-2027-responsibility_letter"])
        self.assertIn("有11份文书逾期", his[0]["subject"])
        self.assertEqual(len(re.findall(r"^\d+\. .*《2027年度网络安全工作责任书》（编号demo-2027-", his[0]["body"], re.M)), 11)
        published = {d["person"] for d in self.all_deliveries(rule="eval.published", channel="inbox")}
        self.assertEqual(len(published), 11)
        # Each head of the 11 departments is asked to sign, in the bell.
        asked = {d["person"] for d in self.all_deliveries(rule="sign.request", channel="inbox")}
        self.assertEqual(len(asked), 11)
        r = self.as_("office").get("/api/v1/me/notifications?per_page=200")
        self.assertTrue(any(i["rule"] == "eval.objected" for i in r.json()["items"]))

    def test_robot_signatures(self):
        with self.hooks.lock:
            reqs = list(self.hooks.requests)
        ding = [r for r in reqs if r[0].startswith("/dingtalk")]
        feishu = [r for r in reqs if r[0].startswith("/feishu")]
        wecom = [r for r in reqs if r[0].startswith("/wecom")]
        self.assertTrue(ding and feishu and wecom)
        for path, q, body, _, ctype in ding:
            self.assertEqual(q["access_token"], ["t0k3n"])
            self.assertEqual(q["sign"], [sign_ding(q["timestamp"][0], DING_SECRET)])
            self.assertEqual(body["msgtype"], "text")
            self.assertIn("（致：", body["text"]["content"])
            self.assertTrue(ctype.startswith("application/json"))
        for path, q, body, _, _ in feishu:
            self.assertEqual(body["msg_type"], "text")
            self.assertEqual(body["sign"], sign_feishu(body["timestamp"], FEISHU_SECRET))
            self.assertTrue(body["content"]["text"])
        for path, q, body, _, _ in wecom:
            self.assertEqual(q["key"], ["wk"])
            self.assertEqual(body["msgtype"], "text")

    def test_retries_after_three_failures(self):
        with self.hooks.lock:
            failed = [r for r in self.hooks.requests if r[3] == 500]
        self.assertEqual(len(failed), 3)
        retried = [d for d in self.all_deliveries(channel="wecom") if d["attempts"] > 1]
        self.assertTrue(retried)
        self.assertTrue(all(d["state"] == "sent" for d in retried))
        self.assertEqual(sum(d["attempts"] - 1 for d in retried), 3)
        self.assertTrue(sum(run["retried"] for run in self.runs) >= 3)

    def test_restart_and_dead_sender(self):
        # The run that stopped after 5 left the rest queued; the next ones sent them, and the
        # delivery a dead sender held was taken again once its lease ran out.
        self.assertEqual(self.runs[0]["sent"] + self.runs[0]["retried"] + self.runs[0]["failed"], 5)
        total = sum(run["queued"] for run in self.runs)
        self.assertEqual(total, self.deliveries()["total"] - len(self.deliveries(rule="test")["items"]))
        again = self.jobs()
        self.assertEqual((again["queued"], again["sent"], again["retried"]), (0, 0, 0))

    def test_bell(self):
        office = self.as_("office")
        r = office.get("/api/v1/me/notifications")
        self.assertStatus(r, 200)
        mine = r.json()
        self.assertGreater(mine["unread"], 0)
        self.assertTrue(all(i["person"] == "p-zhouhaitao" and i["channel"] == "inbox" for i in mine["items"]))
        first = mine["items"][0]
        self.assertStatus(office.post("/api/v1/me/notifications/%d/read" % first["id"]), 200)
        after = office.get("/api/v1/me/notifications").json()
        self.assertEqual(after["unread"], mine["unread"] - 1)
        # Another's message cannot be marked.
        staff = self.as_("staff")
        r = staff.post("/api/v1/me/notifications/%d/read" % mine["items"][1]["id"])
        self.assertEqual(r.json()["marked"], 0)
        self.assertStatus(office.post("/api/v1/me/notifications/read"), 200)
        self.assertEqual(office.get("/api/v1/me/notifications?unread=true").json()["total"], 0)
        self.assertStatus(self.as_("sysadmin").get("/api/v1/me/notifications"), 403)

    def test_channel_secrets_never_in_clear(self):
        sysadmin = self.as_("sysadmin")
        r = sysadmin.get("/api/v1/units/demo/notify/channels")
        self.assertStatus(r, 200)
        text = r.body.decode()
        for secret in (DING_SECRET, FEISHU_SECRET, "t0k3n", "key=wk"):
            self.assertNotIn(secret, text)
        ding = [c for c in r.json()["items"] if c["channel"] == "dingtalk"][0]
        self.assertEqual(ding["secrets"], {"webhook": "已设置", "secret": "已设置"})
        self.assertNotIn(DING_SECRET.encode(), StoreDB.dump(self.server.data))
        key = os.path.join(self.server.data, "keys", "notify.key")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        audit = self.server.zeren("audit", "list", "--format", "json")
        self.assertNotIn(DING_SECRET, audit.stdout)
        # 三员: the sysadmin sets channels; the office reads the log, not the settings.
        self.assertStatus(self.as_("office").get("/api/v1/units/demo/notify/channels"), 403)
        self.assertStatus(sysadmin.get("/api/v1/units/demo/notify/deliveries"), 403)
        r = sysadmin.put("/api/v1/units/demo/notify/channels/wecom", {"secrets": {"webhook": "http://x/"}})
        self.assertStatus(r, 422)
        self.assertIn("https", r.json()["error"]["message"])
        r = sysadmin.put("/api/v1/units/demo/notify/channels/sms", {})
        self.assertStatus(r, 422)
        r = sysadmin.put("/api/v1/units/demo/notify/channels/mail", {"settings": {"port": 70000}})
        self.assertStatus(r, 422)
        self.assertIn("port", r.json()["error"]["message"])

    def test_test_send(self):
        sysadmin = self.as_("sysadmin")
        r = sysadmin.post("/api/v1/units/demo/notify/channels/mail/test", {"to": "check@example.cn"})
        self.assertStatus(r, 200)
        with self.sink.lock:
            self.assertTrue(any(m["subject"].startswith("【测试】") and to == ["check@example.cn"]
                                for to, m, _ in self.sink.mails))
        r = sysadmin.post("/api/v1/units/demo/notify/channels/mail/test", {})
        self.assertStatus(r, 422)
        # A robot that refuses, and one nobody answers: a clear error, in the reply and the log.
        body = {"secrets": {"webhook": self.hook_base + "/refuse/x"}}
        self.assertStatus(sysadmin.put("/api/v1/units/demo/notify/channels/feishu", body), 200)
        r = sysadmin.post("/api/v1/units/demo/notify/channels/feishu/test", {})
        self.assertStatus(r, 502)
        self.assertIn("sign not match", r.json()["error"]["message"])
        closed = free_port()
        body = {"secrets": {"webhook": "https://127.0.0.1:%d/hook" % closed}}
        self.assertStatus(sysadmin.put("/api/v1/units/demo/notify/channels/feishu", body), 200)
        r = sysadmin.post("/api/v1/units/demo/notify/channels/feishu/test", {})
        self.assertStatus(r, 502)
        self.assertIn("Feishu", r.json()["error"]["message"])
        chans = sysadmin.get("/api/v1/units/demo/notify/channels").json()["items"]
        feishu = [c for c in chans if c["channel"] == "feishu"][0]
        self.assertIn("Feishu", feishu["last_failure"]["answer"])
        # The private CA is needed: without it the certificate is refused, not ignored.
        r = self.server.zeren("notify", "test", "demo", "dingtalk")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("certificate", r.stderr.lower())

    def test_preferences(self):
        staff = self.as_("staff")
        r = staff.put("/api/v1/me/notify-prefs", {"email": "not an address"})
        self.assertStatus(r, 422)
        r = staff.put("/api/v1/me/notify-prefs", {"muted": ["inbox"]})
        self.assertStatus(r, 422)
        r = staff.put("/api/v1/me/notify-prefs", {"email": "qiumin@example.cn", "muted": ["dingtalk"],
                                                  "quiet_from": "08:00", "quiet_to": "10:00"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["muted"], ["dingtalk"])
        self.assertEqual(staff.get("/api/v1/me/notify-prefs").json()["quiet_to"], "10:00")
        self.assertStatus(self.as_("liaison.nic").put("/api/v1/units/demo/people/p-qiumin/notify-prefs", {}), 403)


class QuietHoursTest(ServerTestCase):
    """Preferences shape what is queued: a muted channel gets nothing, quiet hours hold a mail
    back until they end (the in-platform message is there at once)."""
    serve_args = ("--jobs-interval", "0")

    def test_quiet_hours_and_muted(self):
        sysadmin = self.as_("sysadmin")
        body = {"settings": {"host": "127.0.0.1", "port": free_port(), "security": "none", "from": "z@example.cn"}}
        self.assertStatus(sysadmin.put("/api/v1/units/demo/notify/channels/mail", body), 200)
        office = self.as_("office")
        r = office.put("/api/v1/units/demo/people/p-zhouhaitao/notify-prefs",
                       {"email": "zhouhaitao@example.cn", "quiet_from": "08:00", "quiet_to": "10:00"})
        self.assertStatus(r, 200)
        r = office.put("/api/v1/units/demo/people/p-limingyuan/notify-prefs",
                       {"email": "limingyuan@example.cn", "muted": ["mail"]})
        self.assertStatus(r, 200)
        r = self.server.zeren("jobs", "run", "--as-of", DEMO_ON, "--no-send", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        log = office.get("/api/v1/units/demo/notify/deliveries?per_page=200").json()["items"]
        mine = [d for d in log if d["person"] == "p-zhouhaitao"]
        mails = [d for d in mine if d["channel"] == "mail"]
        self.assertTrue(mails)
        # The simulated day runs at 09:00 Asia/Shanghai: quiet until 10:00.
        self.assertEqual({d["next_at"] - d["created_at"] for d in mails}, {3600})
        self.assertEqual({d["next_at"] - d["created_at"] for d in mine if d["channel"] == "inbox"}, {0})
        lead = [d for d in log if d["person"] == "p-limingyuan"]
        self.assertTrue(lead)
        self.assertEqual({d["channel"] for d in lead}, {"inbox"})
        # Nothing is due before 10:00, so a sender at 09:00 sends nothing and fails nothing.
        r = self.server.zeren("jobs", "run", "--as-of", DEMO_ON, "--no-plan", "--format", "json")
        self.assertEqual(json.loads(r.stdout)["sent"] + json.loads(r.stdout)["failed"], 0)
