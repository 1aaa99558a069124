"""The OpenAPI document (data/openapi.json) against the server: it is served, and it describes
exactly the routes `zeren serve --list-routes` prints — same methods, same paths, same
permissions and roles — no more and no fewer. Its validity as OpenAPI 3.1 is checked by Redocly
CLI (scripts/openapi-lint.sh), run here too when Node.js is installed."""
import json
import os
import shutil
import subprocess
import unittest

from harness import SRCDIR, ZEREN, ServerTestCase

DOC_PATH = os.path.join(SRCDIR, "data", "openapi.json")
METHODS = ("get", "post", "put", "patch", "delete")


def list_routes():
    """[(method, pattern, perm, roles)] from `zeren serve --list-routes`; roles is a tuple of
    role ids, empty for public and session routes (every account)."""
    out = subprocess.run([ZEREN, "serve", "--list-routes"], capture_output=True, text=True, check=True).stdout
    routes = []
    for line in out.splitlines():
        words = line.split()
        if not words:
            continue
        if len(words) not in (3, 4):
            raise AssertionError("unexpected --list-routes line: %r" % line)
        roles = tuple(words[3].split(",")) if len(words) == 4 else ()
        routes.append((words[0], words[1], words[2], roles))
    return routes


def load_document():
    with open(DOC_PATH, encoding="utf-8") as f:
        return json.load(f)


def operations(doc):
    """{(METHOD, path): operation} of the document."""
    ops = {}
    for path, item in doc["paths"].items():
        for m in METHODS:
            if m in item:
                ops[(m.upper(), path)] = item[m]
    return ops


class OpenApiDocumentTest(unittest.TestCase):
    """The document against the route table (no server needed)."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.routes = list_routes()
        cls.doc = load_document()
        cls.ops = operations(cls.doc)

    def test_route_table_is_not_empty(self):
        self.assertGreater(len(self.routes), 50, "--list-routes lists too few routes")
        self.assertEqual(len(set((m, p) for m, p, _, _ in self.routes)), len(self.routes),
                         "a method and path appear twice in the route table")

    def test_version(self):
        self.assertEqual(self.doc["openapi"], "3.1.0")

    def test_every_route_is_described(self):
        missing = ["%s %s" % (m, p) for m, p, _, _ in self.routes if (m, p) not in self.ops]
        self.assertEqual(missing, [], "routes missing from data/openapi.json")

    def test_no_invented_endpoints(self):
        real = set((m, p) for m, p, _, _ in self.routes)
        extra = ["%s %s" % k for k in self.ops if k not in real]
        self.assertEqual(extra, [], "operations in data/openapi.json that are not routes")

    def test_permissions_match(self):
        wrong = []
        for m, p, perm, roles in self.routes:
            op = self.ops.get((m, p))
            if op is None:
                continue
            if op.get("x-zeren-permission") != perm:
                wrong.append("%s %s: x-zeren-permission %r, route %r" % (m, p, op.get("x-zeren-permission"), perm))
            if sorted(op.get("x-zeren-roles", [])) != sorted(roles):
                wrong.append("%s %s: x-zeren-roles %r, route %r" % (m, p, op.get("x-zeren-roles"), list(roles)))
            # The description says it in words too (in both languages), starting with the perm id.
            if ("`%s`" % perm) not in op.get("description", ""):
                wrong.append("%s %s: the description does not name permission %s" % (m, p, perm))
        self.assertEqual(wrong, [])

    def test_security_follows_permission(self):
        """Public routes need no session; state-changing ones need the session and the CSRF header."""
        wrong = []
        for m, p, perm, _ in self.routes:
            op = self.ops.get((m, p))
            if op is None:
                continue
            security = op.get("security", self.doc["security"])
            if perm == "public":
                ok = security == []
            elif m == "GET":
                ok = security == [{"session": []}]
            else:
                ok = security == [{"session": [], "csrf": []}]
            if not ok:
                wrong.append("%s %s (%s): security %r" % (m, p, perm, security))
        self.assertEqual(wrong, [])

    def test_path_parameters_declared(self):
        """Every {name} of a path is a required path parameter of each of its operations."""
        params = self.doc["components"]["parameters"]
        wrong = []
        for (m, p), op in self.ops.items():
            names = set()
            for prm in op.get("parameters", []):
                if "$ref" in prm:
                    prm = params[prm["$ref"].rsplit("/", 1)[1]]
                if prm["in"] == "path":
                    self.assertTrue(prm["required"], "%s %s: path parameter %s" % (m, p, prm["name"]))
                    names.add(prm["name"])
            want = set(seg[seg.index("{") + 1:seg.index("}")] for seg in p.split("/") if "{" in seg)
            if names != want:
                wrong.append("%s %s: path parameters %s, want %s" % (m, p, sorted(names), sorted(want)))
        self.assertEqual(wrong, [])

    def test_error_statuses(self):
        """Every non-public operation documents 401 and 403; every one with a JSON body 400, 413,
        422 and (unless it takes any content type) 415; every one with a path parameter 404."""
        wrong = []
        for (m, p), op in self.ops.items():
            rs = op["responses"]
            want = set()
            if op["x-zeren-permission"] != "public":
                want |= {"401", "403"}
            body = op.get("requestBody", {})
            if "application/json" in body.get("content", {}):
                want |= {"400", "413", "422"}
                # 415 for a body that is not JSON, unless the route takes any type (uploads).
                if not body.get("x-zeren-any-content-type"):
                    want.add("415")
            if "{" in p:
                want.add("404")
            missing = sorted(want - set(rs))
            if missing:
                wrong.append("%s %s: no %s" % (m, p, ", ".join(missing)))
            if not any(s.startswith("2") for s in rs):
                wrong.append("%s %s: no 2xx response" % (m, p))
        self.assertEqual(wrong, [])

    def test_schemas_named_by_the_issue(self):
        schemas = self.doc["components"]["schemas"]
        for name in ("Unit", "Department", "Person", "Appointment", "System", "Agreement", "Incident", "Notice",
                     "ObligationOccurrence", "Finding", "Account", "AuditRecord", "Error", "Page"):
            self.assertIn(name, schemas)
        self.assertEqual(schemas["Error"]["properties"]["error"]["required"], ["code", "message", "field"])
        finding = schemas["Finding"]["properties"]
        for field in ("rule", "severity", "title", "subject", "message", "message_en", "since", "citations"):
            self.assertIn(field, finding)
        self.assertEqual(sorted(finding["subject"]["properties"]), ["id", "kind", "name", "post"])
        sec = self.doc["components"]["securitySchemes"]
        self.assertEqual((sec["session"]["in"], sec["session"]["name"]), ("cookie", "zeren_session"))
        self.assertEqual((sec["csrf"]["in"], sec["csrf"]["name"]), ("header", "X-CSRF-Token"))

    @unittest.skipUnless(shutil.which("npx"), "Node.js (npx) is not installed: scripts/openapi-lint.sh not run")
    def test_redocly_lint(self):
        """A real OpenAPI 3.1 validator (Redocly CLI, recommended rules) finds no error."""
        r = subprocess.run(["sh", os.path.join(SRCDIR, "scripts", "openapi-lint.sh")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class OpenApiServedTest(ServerTestCase):
    """GET /api/openapi.json against a running server."""

    def test_served_without_a_session(self):
        r = self.server.anonymous().get("/api/openapi.json")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/json"), r.header("Content-Type"))
        doc = r.json()
        self.assertEqual(doc["openapi"], "3.1.0")
        # The binary serves the document of its own source tree (it is compiled in).
        self.assertEqual(doc, load_document())

    def test_signed_in_accounts_get_it_too(self):
        for name in ("auditor", "staff"):
            self.assertStatus(self.as_(name).get("/api/openapi.json"), 200)

    def test_other_methods_are_refused(self):
        c = self.as_("office")
        for method in ("POST", "PUT", "DELETE"):
            self.assertStatus(c.request(method, "/api/openapi.json", json_body={}), 405, "method_not_allowed")


if __name__ == "__main__":
    unittest.main()
