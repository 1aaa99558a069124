"""The role × endpoint permission matrix: every route of `zeren serve --list-routes` called by
nobody and by each of nine accounts of the demo (三员: sysadmin, secadmin, auditor; the
unit's office, leader, two liaisons and a staff member; the supervisor above the unit), then the
data-scope cases (a liaison's department, staff's own records, the leader's read-only view, another
unit, platform roles; the supervisor's own cases are tests/api/test_supervision.py's).

State-changing calls send {} (or nothing usable): what is asserted is who gets past the gate,
not the write. The outcome table is printed to stderr when run verbosely (-v or
ZEREN_MATRIX=1), and is docs/api-permissions.md:

    python3 tests/api/test_matrix.py --write-doc docs/api-permissions.md
"""
import os
import re
import sys
import unittest
from urllib.parse import quote

from harness import SRCDIR, ServerTestCase, Server
from test_openapi import jsonschema, list_routes, load_document, operations, schema_error

ORG = "demo"
ACCOUNTS = ("sysadmin", "secadmin", "auditor", "office", "leader", "liaison.nic", "liaison.finance", "staff",
            "supervisor")
COLUMNS = ("anonymous",) + ACCOUNTS
# Accounts whose data scope is narrower than their unit: only they may meet out_of_scope on
# their own unit's routes.
NARROW = ("liaison.nic", "liaison.finance", "staff")

# Demo records (data/demo/demo.json) the path parameters are filled with: those of department
# nic (网络信息中心), so that liaison.nic is inside its scope and liaison.finance outside it.
NIC_PERSON = "p-zhaolei"           # 赵磊, nic
FINANCE_PERSON = "p-xuhongmei"     # 许红梅, finance
NIC_SYSTEM = "mail"                # owner_department nic
FINANCE_SYSTEM = "cwxt"            # owner_department finance
PARAMS = {
    "org": ORG,
    "departments/{id}": "nic",
    "people/{id}": NIC_PERSON,
    "bodies/{id}": "wg",
    "systems/{id}": NIC_SYSTEM,
    "agreements/{id}": "kp-zhaolei-2024",
    "handovers/{id}": "jj-2026-wuyue",  # 吴越, nic
    "vulnerabilities/{id}": "ld-2026-005",  # on system mail
    "emergency-plans/{id}": "ya-2024-general",
    "log-sources/{id}": "ls-oa",
    "trainings/{id}": "px-2026-09",
    "projects/{id}": "xm-2025-ykt",
    "incidents/{id}": "inc-2026-01",   # on system mail
    "notices/{id}": "tb-2026-09",      # about system mail
    "policies/{id}": "default",
    "post": "security_admin",
    "obligation": "selfcheck.semiannual",
    "account-requests/{id}": "999999",  # no such request: who gets past the gate is what counts
    "version": "999999",                # no such policy version: likewise
    "channel": "wecom",
    "notifications/{id}": "999999",     # no such message: marks nothing
    "objections/{department}": "nic",
    "rectifications/{id}": "zg-2026-002",  # assigned to nic
    "kind": "network_access",
    "list": "incident_category",
    "key": "announce.days",
    "announcements/{id}": "999999",  # no such announcement: who gets past the gate is what counts
}
# Query strings for routes that need one to answer at all (the rest get none).
QUERY = {
    ("GET", "/api/v1/workday/add"): "?date=2026-11-20&n=3",
    ("GET", "/api/v1/workday/between"): "?from=2026-11-01&to=2026-11-30",
    ("GET", "/api/v1/workday/is"): "?date=2026-10-01",
    ("POST", "/api/v1/units/{org}/evidence"): "?name=matrix.txt",
    ("POST", "/api/v1/units/{org}/policy-versions/draft"): "?name=matrix.txt",
    ("POST", "/api/v1/units/{org}/documents/{number}/scan"): "?name=matrix-scan.pdf",
    ("GET", "/api/v1/directory/people"): "?q=p-",
    ("GET", "/api/v1/directory/departments"): "?q=nic",
}
DOC_PATH = os.path.join(SRCDIR, "docs", "api-permissions.md")
MATRIX_TARGET = "matrix.target"  # an account made for the account routes (reset, revoke) to act on
# Routes whose handler admits fewer accounts than the route's permission says: {(method,
# pattern): accounts refused with 403 forbidden}. None today: keep it that way, so that
# `zeren serve --list-routes` and the document tell the whole truth.
HANDLER_NARROWED = {}


def perm_admits(perm, route_roles, account_roles):
    return perm in ("public", "session") or bool(set(route_roles) & set(account_roles))


def outcome(r):
    """A cell of the table: the status, with the error code of a 403."""
    if r.status == 403:
        return {"forbidden": "403", "out_of_scope": "403s"}.get(r.error_code(), "403?" + str(r.error_code()))
    return str(r.status)


class Matrix:
    """Runs every route for every column against a server and keeps the responses."""

    def __init__(self, server, clients):
        self.server = server
        self.clients = clients  # column -> Client
        self.routes = list_routes()
        self.results = {}       # (method, pattern) -> {column: Response}
        self.audited = {}       # (method, pattern, column) -> the audit rows the call added
        self.notes = []
        self._ids = {}

    def _id(self, key):
        if key not in self._ids:
            self._ids[key] = self._find(key)
        return self._ids[key]

    def _find(self, key):
        office = self.clients["office"]
        if key == "appointment":
            r = office.get("/api/v1/units/%s/appointments?person=%s&per_page=200" % (ORG, NIC_PERSON))
            items = r.json()["items"] if r.status == 200 else []
            return items[0]["id"] if items else "a-0000000000000000"
        if key == "sha256":
            # Evidence is reachable only through a duty record: one of department nic.
            r = office.request("POST", "/api/v1/units/%s/evidence?name=%s" % (ORG, quote("矩阵测试.txt")),
                               data=b"zeren permission matrix evidence\n", content_type="text/plain")
            if r.status != 201:
                self.notes.append("evidence upload as office gave %d: {sha256} is a made-up hash" % r.status)
                return "0" * 64
            sha = r.json()["sha256"]
            r = office.post("/api/v1/units/%s/obligations/selfcheck.semiannual/records" % ORG,
                            {"period": "2026-H1", "department": "nic", "done_on": "2026-06-20", "evidence": [sha]})
            if r.status != 201:
                self.notes.append("recording nic's self-check as office gave %d" % r.status)
            return sha
        if key == "evaluation":
            # A round of 2025 opened by the office: the round routes act on it.
            r = office.post("/api/v1/units/%s/evaluations" % ORG, {"year": 2025})
            if r.status != 201:
                self.notes.append("opening the 2025 evaluation as office gave %d: {id} is made up" % r.status)
                return "999999"
            return str(r.json()["id"])
        if key == "number":
            # A document for a person of department nic: the key-post agreement of 赵磊.
            r = office.post("/api/v1/units/%s/documents" % ORG, {"kind": "key_post_security", "person": NIC_PERSON,
                                                                  "post": "network_admin", "date": "2026-12-20"})
            if r.status != 201:
                self.notes.append("generating a document as office gave %d: {number} is made up" % r.status)
                return "demo-2026-GWXY-00000000"
            return r.json()["number"]
        if key == "campaign":
            r = office.post("/api/v1/units/%s/campaigns" % ORG, {"kind": "key_post_security", "year": 2026,
                                                                  "date": "2026-11-21"})
            if r.status != 201:
                self.notes.append("opening a campaign as office gave %d: {id} is made up" % r.status)
                return "demo-2026-key_post_security"
            return r.json()["id"]
        if key == "username":
            r = self.clients["sysadmin"].post("/api/v1/accounts", {"username": MATRIX_TARGET, "display_name": "矩阵测试"})
            if r.status != 201:
                self.notes.append("creating %s gave %d: {username} names no account" % (MATRIX_TARGET, r.status))
            return MATRIX_TARGET
        if key == "token":
            r = self.clients["staff"].get("/api/v1/session/calendar")
            url = r.json().get("url") if r.status == 200 else None
            if not url:
                r = self.clients["staff"].post("/api/v1/session/calendar")
                url = r.json().get("url") if r.status == 200 else None
            m = re.search(r"/calendar/([^/]+)$", url or "")
            if not m:
                self.notes.append("no calendar URL for staff: {token} is made up")
            return m.group(1) if m else "no-such-token"
        raise KeyError(key)

    def fill(self, pattern):
        def repl(m):
            name = m.group(1)
            before = pattern[:m.start()].rstrip("/").rsplit("/", 1)[-1]
            key = "%s/{%s}" % (before, name)
            if key in PARAMS:
                return PARAMS[key]
            if name in PARAMS:
                return PARAMS[name]
            if key == "appointments/{id}":
                return self._id("appointment")
            if key == "evaluations/{id}":
                return self._id("evaluation")
            if key == "campaigns/{id}":
                return self._id("campaign")
            return self._id(name)
        return re.sub(r"\{(\w+)\}", repl, pattern)

    def call(self, column, method, pattern):
        c = self.clients[column]
        path = self.fill(pattern) + QUERY.get((method, pattern), "")
        if method == "GET":
            r = c.get(path)
        else:
            last = self.server.audit_last()
            r = c.request(method, path, json_body={})
            self.audited[(method, pattern, column)] = self.server.audit_rows(last, "seq, account, action, success")
        if (method, pattern) == ("DELETE", "/api/v1/session") and column != "anonymous" and r.status == 204:
            # Signed out: sign in again for the rows still to come.
            self.clients[column].close()
            self.clients[column] = self.server.client(column)
        return r

    def run(self):
        for method, pattern, perm, roles in self.routes:
            row = self.results[(method, pattern)] = {}
            for column in COLUMNS:
                row[column] = self.call(column, method, pattern)
        return self

    def table(self, markdown=False):
        short = {"anonymous": "anon", "sysadmin": "sysadm", "secadmin": "secadm", "auditor": "audit",
                 "office": "office", "leader": "leader", "liaison.nic": "l.nic", "liaison.finance": "l.fin",
                 "staff": "staff", "supervisor": "superv"}
        head = ["route", "perm"] + [short[c] for c in COLUMNS]
        rows = []
        for method, pattern, perm, _ in self.routes:
            cells = self.results[(method, pattern)]
            rows.append(["%s %s" % (method, pattern), perm] + [outcome(cells[c]) for c in COLUMNS])
        if markdown:
            out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            out += ["| `%s` | %s | " % (r[0], r[1]) + " | ".join(r[2:]) + " |" for r in rows]
            return "\n".join(out) + "\n"
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
        return "\n".join("  ".join(v.ljust(widths[i]) for i, v in enumerate(r)).rstrip() for r in [head] + rows) + "\n"


def verbose():
    return os.environ.get("ZEREN_MATRIX") == "1" or any(a in ("-v", "--verbose") for a in sys.argv)


class PermissionMatrixTest(ServerTestCase):
    maxDiff = None
    # The anonymous column's refusals are counted per interval and recorded when it ends, by
    # whichever request comes next: a run longer than the interval (the matrix on PostgreSQL under
    # load) would find that record under a signed-in account's call.
    serve_args = ("--refusal-interval", "86400")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        clients = {"anonymous": cls.server.anonymous()}
        for name in ACCOUNTS:
            clients[name] = cls.server.client(name)
        cls.roles = {name: clients[name].account["roles"] for name in ACCOUNTS}
        cls.matrix = Matrix(cls.server, clients).run()
        cls._clients.update({k: v for k, v in cls.matrix.clients.items() if k != "anonymous"})
        if verbose():
            sys.stderr.write("\n" + cls.matrix.table())
            for n in cls.matrix.notes:
                sys.stderr.write("note: %s\n" % n)

    def cells(self):
        for method, pattern, perm, roles in self.matrix.routes:
            for column, r in self.matrix.results[(method, pattern)].items():
                yield method, pattern, perm, roles, column, r

    def test_the_accounts_hold_the_roles_they_are_named_for(self):
        want = {"sysadmin": ["sysadmin"], "secadmin": ["secadmin"], "auditor": ["auditor"], "office": ["office"],
                "leader": ["leader"], "liaison.nic": ["liaison"], "liaison.finance": ["liaison"], "staff": ["staff"],
                "supervisor": ["supervisor"]}
        self.assertEqual({name: sorted(roles) for name, roles in self.roles.items()}, want)
        self.assertEqual(self.as_("liaison.nic").account["department"], "nic")
        self.assertEqual(self.as_("liaison.finance").account["department"], "finance")
        for name in ("sysadmin", "secadmin", "auditor"):
            self.assertIsNone(self.as_(name).account["org"], name)

    def test_anonymous(self):
        wrong = []
        for method, pattern, perm, _, column, r in self.cells():
            if column != "anonymous":
                continue
            if perm == "public":
                if r.status in (401, 403) or r.status >= 500:
                    wrong.append("%s %s: public route gave %r" % (method, pattern, r))
            elif (r.status, r.error_code()) != (401, "unauthenticated"):
                wrong.append("%s %s: %r" % (method, pattern, r))
        self.assertEqual(wrong, [])

    def test_roles_not_admitted_are_forbidden(self):
        wrong = []
        for method, pattern, perm, roles, column, r in self.cells():
            narrowed = column in HANDLER_NARROWED.get((method, pattern), ())
            if column == "anonymous" or (perm_admits(perm, roles, self.roles[column]) and not narrowed):
                continue
            if (r.status, r.error_code()) != (403, "forbidden"):
                wrong.append("%s %s as %s (%s): %r" % (method, pattern, column, perm, r))
        self.assertEqual(wrong, [])

    def test_admitted_roles_get_through(self):
        wrong = []
        for method, pattern, perm, roles, column, r in self.cells():
            if column == "anonymous" or not perm_admits(perm, roles, self.roles[column]):
                continue
            if column in HANDLER_NARROWED.get((method, pattern), ()):
                continue
            # The supervisor reads the demo unit (below its own) and writes none of it.
            narrow = column in NARROW or (column == "supervisor" and method != "GET")
            scoped = narrow and (pattern.startswith("/api/v1/units/{org}/") or pattern == "/api/v1/import")
            if r.status == 401 or r.status >= 500:
                wrong.append("%s %s as %s: %r" % (method, pattern, column, r))
            elif r.status == 403 and not (scoped and r.error_code() == "out_of_scope"):
                wrong.append("%s %s as %s: %r" % (method, pattern, column, r))
        self.assertEqual(wrong, [])

    def test_statuses_are_documented(self):
        """Every status a call got is one data/openapi.json lists for the operation."""
        ops = operations(load_document())
        wrong = set()
        for method, pattern, _, _, column, r in self.cells():
            op = ops.get((method, pattern))
            if op is not None and str(r.status) not in op["responses"]:
                wrong.add("%s %s: %d %s (as %s)" % (method, pattern, r.status, r.error_code(), column))
        self.assertEqual(sorted(wrong), [])

    @unittest.skipIf(jsonschema is None, "python3-jsonschema is not installed")
    def test_replies_match_the_documented_schemas(self):
        """Every JSON reply of the matrix validates against the schema the document gives for
        its operation and status."""
        doc = load_document()
        ops = operations(doc)
        wrong = set()
        for method, pattern, _, _, column, r in self.cells():
            op = ops.get((method, pattern))
            ctype = (r.header("Content-Type") or "").split(";")[0]
            if op is None or ctype != "application/json" or str(r.status) not in op["responses"]:
                continue
            err = schema_error(doc, op["responses"][str(r.status)], r.json())
            if err:
                wrong.add("%s %s %d (as %s): %s" % (method, pattern, r.status, column, err))
        self.assertEqual(sorted(wrong), [])

    def test_docs_table_is_current(self):
        """docs/api-permissions.md holds this run's table."""
        with open(DOC_PATH, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(self.matrix.table(markdown=True), text,
                      "docs/api-permissions.md is stale: python3 tests/api/test_matrix.py --write-doc docs/api-permissions.md")

    def test_every_change_is_audited_once(self):
        """Every state-changing call of a signed-in account, done or refused, leaves exactly one
        audit record: by that account (a sign-in attempt by the name it gives), saying whether
        it succeeded."""
        session = ("POST", "/api/v1/session"), ("DELETE", "/api/v1/session")
        for (method, pattern, column), rows in self.matrix.audited.items():
            # Signed out; signing in with no name (the public route: what anyone may send is
            # the log-flooding question, not a change); signing out (a new session follows).
            if column == "anonymous" or (method, pattern) in session:
                continue
            r = self.matrix.results[(method, pattern)][column]
            with self.subTest(route="%s %s" % (method, pattern), column=column, status=r.status):
                self.assertEqual(len(rows), 1, rows)
                _, account, _, success = rows[0]
                self.assertEqual(account, column)
                self.assertEqual(bool(success), r.status < 400)

    def test_every_route_was_called(self):
        self.assertGreater(len(self.matrix.results), 50)
        for key, row in self.matrix.results.items():
            self.assertEqual(set(row), set(COLUMNS), key)

    # ---- data scope ----------------------------------------------------------------------

    def test_liaison_reads_and_changes_own_department_person(self):
        c = self.as_("liaison.nic")
        r = c.get("/api/v1/units/demo/people/" + NIC_PERSON)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["department"], "nic")
        r = c.put("/api/v1/units/demo/people/" + NIC_PERSON, {"name": r.json()["name"]})
        self.assertStatus(r, 200)

    def test_liaison_is_kept_out_of_another_department(self):
        c = self.as_("liaison.nic")
        self.assertStatus(c.get("/api/v1/units/demo/people/" + FINANCE_PERSON), 403, "out_of_scope")
        self.assertStatus(c.put("/api/v1/units/demo/people/" + FINANCE_PERSON, {"name": "许红梅"}), 403, "out_of_scope")
        self.assertStatus(c.get("/api/v1/units/demo/systems/" + FINANCE_SYSTEM), 403, "out_of_scope")
        self.assertStatus(c.put("/api/v1/units/demo/systems/" + FINANCE_SYSTEM, {"name": "财务系统"}), 403, "out_of_scope")
        # The other way round too.
        f = self.as_("liaison.finance")
        self.assertStatus(f.get("/api/v1/units/demo/people/" + FINANCE_PERSON), 200)
        self.assertStatus(f.get("/api/v1/units/demo/people/" + NIC_PERSON), 403, "out_of_scope")
        self.assertStatus(f.get("/api/v1/units/demo/systems/" + NIC_SYSTEM), 403, "out_of_scope")

    def test_liaison_lists_only_own_department(self):
        c = self.as_("liaison.nic")
        r = c.get("/api/v1/units/demo/people?per_page=200")
        self.assertStatus(r, 200)
        body = r.json()
        self.assertEqual({p["department"] for p in body["items"]}, {"nic"})
        self.assertEqual(body["total"], 15)  # the demo's people of nic (吴越 among them since issue 19)
        r = c.get("/api/v1/units/demo/systems?per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual([s["id"] for s in r.json()["items"]], [NIC_SYSTEM])

    def test_liaison_obligation_records_of_another_department(self):
        c = self.as_("liaison.nic")
        period = {"period": "2026-H2", "done_on": "2026-11-20", "notes": "matrix test"}
        r = c.post("/api/v1/units/demo/obligations/selfcheck.semiannual/records", dict(period, department="finance"))
        self.assertStatus(r, 403, "out_of_scope")
        # Nor the unit's own duties (no department): those are the office's.
        r = c.post("/api/v1/units/demo/obligations/report.monthly/records", {"period": "2026-10", "done_on": "2026-11-05"})
        self.assertStatus(r, 403, "out_of_scope")
        r = c.post("/api/v1/units/demo/obligations/selfcheck.semiannual/records", dict(period, department="nic"))
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["department"], "nic")
        # Reading: another department's occurrences are left out of the list, not refused.
        r = c.get("/api/v1/units/demo/obligations?department=finance&per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["items"], [])
        r = c.get("/api/v1/units/demo/obligations?obligation=selfcheck.semiannual&per_page=200")
        self.assertStatus(r, 200)
        self.assertTrue(r.json()["items"])
        self.assertEqual({d["department"] for d in r.json()["items"]}, {"nic"})
        r = self.as_("liaison.finance").get("/api/v1/units/demo/obligations?obligation=selfcheck.semiannual&per_page=200")
        self.assertEqual({d["department"] for d in r.json()["items"]}, {"finance"})

    def test_liaison_evidence_of_another_department(self):
        office = self.as_("office")
        r = office.request("POST", "/api/v1/units/demo/evidence?name=finance-selfcheck.txt",
                           data=b"finance self-check 2026-H2\n", content_type="text/plain")
        self.assertStatus(r, 201)
        sha = r.json()["sha256"]
        r = office.post("/api/v1/units/demo/obligations/selfcheck.semiannual/records",
                        {"period": "2026-H2", "department": "finance", "done_on": "2026-11-21", "evidence": [sha]})
        self.assertIn(r.status, (200, 201), r)
        r = self.as_("liaison.finance").get("/api/v1/units/demo/evidence/" + sha)
        self.assertStatus(r, 200)
        self.assertEqual(r.body, b"finance self-check 2026-H2\n")
        # Evidence is found only through a record the account may see: out of scope it is
        # 404, as for a hash nobody uploaded, so a hash does not tell whether the file exists.
        self.assertStatus(self.as_("liaison.nic").get("/api/v1/units/demo/evidence/" + sha), 404, "not_found")
        self.assertStatus(self.as_("staff").get("/api/v1/units/demo/evidence/" + sha), 404, "not_found")
        self.assertStatus(self.as_("leader").get("/api/v1/units/demo/evidence/" + sha), 200)

    def test_staff_sees_only_own_records(self):
        c = self.as_("staff")
        me = c.account["person"]
        self.assertTrue(me, "the staff account is linked to a person")
        r = c.get("/api/v1/units/demo/people?per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual([p["id"] for p in r.json()["items"]], [me])
        self.assertStatus(c.get("/api/v1/units/demo/people/" + me), 200)
        other = NIC_PERSON if me != NIC_PERSON else FINANCE_PERSON
        self.assertStatus(c.get("/api/v1/units/demo/people/" + other), 403, "out_of_scope")
        r = c.get("/api/v1/units/demo/appointments?per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual({a["person"] for a in r.json()["items"]} - {me}, set())
        r = c.get("/api/v1/units/demo/agreements?per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual({a["person"] for a in r.json()["items"]} - {me}, set())
        r = c.get("/api/v1/units/demo/handovers?per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual({h["person"] for h in r.json()["items"]} - {me}, set())
        # Asking for someone else's gives nothing rather than a refusal: lists are filtered.
        self.assertEqual(c.get("/api/v1/units/demo/appointments?person=" + other).json()["total"], 0)
        self.assertEqual(c.get("/api/v1/units/demo/agreements?person=" + other).json()["total"], 0)
        self.assertGreater(self.as_("office").get("/api/v1/units/demo/agreements?person=" + other).json()["total"], 0)
        self.assertStatus(c.put("/api/v1/units/demo/people/" + me, {"name": "x"}), 403, "forbidden")

    def test_leader_reads_everything_and_writes_nothing(self):
        c = self.as_("leader")
        r = c.get("/api/v1/units/demo/people?per_page=200")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["total"], 61)
        for path in ("people/" + NIC_PERSON, "people/" + FINANCE_PERSON, "systems/" + FINANCE_SYSTEM,
                     "systems/" + NIC_SYSTEM, "incidents/inc-2026-03", "notices/tb-2026-17", "findings", "dashboard",
                     "obligations", "appointments", "agreements", "handovers", "vulnerabilities", "emergency-plans",
                     "log-sources", "trainings", "projects"):
            self.assertStatus(c.get("/api/v1/units/demo/" + path), 200)
        self.assertStatus(c.put("/api/v1/units/demo/people/" + FINANCE_PERSON, {"name": "许红梅"}), 403, "forbidden")
        self.assertStatus(c.post("/api/v1/units/demo/appointments",
                                 {"person": FINANCE_PERSON, "post": "security_liaison", "department": "finance",
                                  "from": "2026-11-22"}), 403, "forbidden")

    def test_another_unit_is_out_of_scope(self):
        """A unit id that is not the account's unit, existing or not, is refused alike."""
        for name in ("office", "leader", "liaison.nic", "liaison.finance", "staff", "supervisor"):
            c = self.as_(name)
            for path in ("/api/v1/units/other", "/api/v1/units/other/people", "/api/v1/units/other/findings",
                         "/api/v1/units/other/people/" + NIC_PERSON, "/api/v1/units/other/systems"):
                self.assertStatus(c.get(path), 403, "out_of_scope")
        self.assertStatus(self.as_("office").put("/api/v1/units/other/people/" + NIC_PERSON, {"name": "x"}),
                          403, "out_of_scope")

    def test_platform_roles_see_no_business_data(self):
        for name in ("sysadmin", "secadmin", "auditor"):
            c = self.as_(name)
            for path in ("/api/v1/units/demo/people", "/api/v1/units/demo/people/" + NIC_PERSON,
                         "/api/v1/units/demo/findings", "/api/v1/units/demo/systems", "/api/v1/units/demo/export"):
                self.assertStatus(c.get(path), 403, "forbidden")

    def test_audit_log_is_read_only(self):
        auditor = self.as_("auditor")
        r = auditor.get("/api/v1/audit")
        self.assertStatus(r, 200)
        self.assertGreater(r.json()["total"], 0)
        for name in ACCOUNTS:
            c = self.as_(name)
            for method in ("PUT", "DELETE", "PATCH", "POST"):
                self.assertStatus(c.request(method, "/api/v1/audit", json_body={}), 405, "method_not_allowed")
            self.assertStatus(c.request("DELETE", "/api/v1/audit/1"), 404, "not_found")
            if name != "auditor":
                self.assertStatus(c.get("/api/v1/audit"), 403, "forbidden")
                self.assertStatus(c.get("/api/v1/audit/verify"), 403, "forbidden")
        self.assertTrue(auditor.get("/api/v1/audit/verify").json()["intact"])


def doc_head(path):
    """The document's prose above its table, as written by hand (DOC_HEAD for a new document):
    only the table and the notes after it are generated, so a regeneration keeps what was added
    to the prose since."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return DOC_HEAD
    start = text.find("\n| route | perm |")
    return text[:start + 1] if start >= 0 else DOC_HEAD


def write_doc(path):
    srv = Server.start()
    try:
        clients = {"anonymous": srv.anonymous()}
        for name in ACCOUNTS:
            clients[name] = srv.client(name)
        m = Matrix(srv, clients).run()
        head = doc_head(path)
        with open(path, "w", encoding="utf-8") as f:
            f.write(head)
            f.write(m.table(markdown=True))
            for n in m.notes:
                f.write("\nNote: %s\n" % n)
        for c in clients.values():
            c.close()
        code, _, err = srv.stop()
        if code != 0:
            raise SystemExit("zeren serve did not stop cleanly: %s" % err[-2000:])
    finally:
        srv.cleanup()


DOC_HEAD = """# API permissions — 角色 × 接口 / role × endpoint

Every route of `zeren serve --list-routes`, called with no session (anon) and as each account of
the demo unit: the platform accounts (三员) sysadmin 系统管理员, secadmin 安全管理员, auditor
审计管理员, and the business accounts office 网信办, leader 领导, liaison.nic and liaison.finance
部门网络安全员 (网络信息中心, 财务处), staff 普通人员, and supervisor 上级主管部门 (西岭市委网信办,
above the demo unit: it reads the unit, writes none of its records). Path parameters are records of department
nic; state-changing calls send `{}`, so an admitted account mostly gets 400/404/422 rather than a
change — what matters is who gets past the gate.

Cells: the HTTP status; `403` is `forbidden` (the role is not admitted), `403s` is `out_of_scope`
(admitted, but the record is outside the account's data scope), `401` is `unauthenticated`.
Permissions: public, session (any account), read (office, leader, liaison, staff, supervisor), write (office;
liaison in own department), office, accounts (sysadmin), security (secadmin), audit (auditor),
policy (the business roles and secadmin: the rules are read by those held to them and by the one
who sets them), leader (the unit's leader: approves or rejects the policy versions the office
drafts, four eyes), supervise (supervisor: the roll-up of the units below, notices sent down, the
keys and signed reports of the units below that run their own zeren), rectify (a 整改台账 item's
rectification: office, liaison in own department, staff their own items). Evidence out of an account's scope is 404 (a hash does not reveal whether a file exists). The audit log has no
route that changes it: PUT, PATCH, POST or DELETE on `/api/v1/audit` is 405 for everyone.

Generated from a real run by `tests/api/test_matrix.py` (which asserts it); regenerate with

    python3 tests/api/test_matrix.py --write-doc docs/api-permissions.md

"""


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--write-doc":
        write_doc(sys.argv[2])
    else:
        unittest.main()
