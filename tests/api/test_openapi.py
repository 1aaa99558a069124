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

try:
    import jsonschema
except ImportError:  # Debian: python3-jsonschema
    jsonschema = None

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


def schema_error(doc, response, value):
    """Why value does not fit the JSON schema of an OpenAPI response object, or None."""
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    # The document is the root resource, so its "#/components/..." references resolve.
    root = dict(doc, **{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:zeren:openapi"})
    root["x-this"] = schema
    try:
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012
        registry = Registry().with_resource("urn:zeren:openapi", DRAFT202012.create_resource(root))
        v = jsonschema.Draft202012Validator({"$ref": "urn:zeren:openapi#/x-this"}, registry=registry,
                                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    except ImportError:  # jsonschema before 4.18
        resolver = jsonschema.RefResolver("urn:zeren:openapi", root)
        v = jsonschema.Draft202012Validator({"$ref": "urn:zeren:openapi#/x-this"}, resolver=resolver,
                                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    e = jsonschema.exceptions.best_match(v.iter_errors(value))
    return None if e is None else "%s at %s" % (e.message[:200], "/".join(str(x) for x in e.absolute_path))



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


@unittest.skipIf(jsonschema is None, "python3-jsonschema is not installed")
class OpenApiRepliesTest(ServerTestCase):
    """Successful replies, writes included, against the schemas the document gives for them
    (the permission matrix checks the replies to its own, mostly refused, calls)."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = load_document()
        cls.ops = operations(cls.doc)

    def check(self, method, pattern, r, status):
        self.assertEqual(r.status, status, r)
        pattern = pattern.replace("/api/v1/units/demo", "/api/v1/units/{org}")
        op = self.ops[(method, pattern)]
        self.assertIn(str(status), op["responses"], "%s %s" % (method, pattern))
        if (r.header("Content-Type") or "").startswith("application/json"):
            self.assertIsNone(schema_error(self.doc, op["responses"][str(status)], r.json()), "%s %s" % (method, pattern))
        return r

    def test_session_replies(self):
        c = self.server.anonymous()
        r = c.login("office", "Zeren-Demo-2026")
        self.check("POST", "/api/v1/session", r, 200)
        self.check("GET", "/api/v1/session", c.get("/api/v1/session"), 200)
        self.check("GET", "/api/v1/session/calendar", c.get("/api/v1/session/calendar"), 200)
        self.check("POST", "/api/v1/session", self.server.anonymous().post("/api/v1/session",
                   {"username": "office", "password": "wrong-Password-1"}, csrf=False), 401)
        self.check("DELETE", "/api/v1/session", c.delete("/api/v1/session"), 204)

    def test_account_replies(self):
        sysadmin, secadmin = self.as_("sysadmin"), self.as_("secadmin")
        r = self.check("POST", "/api/v1/accounts", sysadmin.post("/api/v1/accounts", {
            "username": "openapi.check", "display_name": "接口检查", "person": "p-wumin"}), 201)
        self.check("POST", "/api/v1/accounts", sysadmin.post("/api/v1/accounts", {
            "username": "openapi.check", "display_name": "接口检查"}), 409)
        self.check("GET", "/api/v1/accounts", sysadmin.get("/api/v1/accounts?per_page=200"), 200)
        self.check("PATCH", "/api/v1/accounts/{username}", sysadmin.patch("/api/v1/accounts/openapi.check",
                   {"display_name": "接口检查 2"}), 200)
        r = self.check("POST", "/api/v1/accounts/{username}/reset-password",
                       sysadmin.post("/api/v1/accounts/openapi.check/reset-password"), 202)
        self.check("GET", "/api/v1/account-requests", secadmin.get("/api/v1/account-requests?status=pending"), 200)
        self.check("POST", "/api/v1/account-requests/{id}/approve",
                   secadmin.post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"]), 200)
        self.check("POST", "/api/v1/account-requests/{id}/approve",
                   secadmin.post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"]), 409)
        r = self.check("PUT", "/api/v1/accounts/{username}/roles", sysadmin.put("/api/v1/accounts/openapi.check/roles",
                       {"roles": ["liaison"], "department": "nic"}), 202)
        self.check("POST", "/api/v1/account-requests/{id}/reject",
                   secadmin.post("/api/v1/account-requests/%d/reject" % r.json()["request"]["id"]), 200)
        self.check("PUT", "/api/v1/accounts/{username}/roles", secadmin.put("/api/v1/accounts/openapi.check/roles",
                   {"roles": []}), 200)
        self.check("PATCH", "/api/v1/accounts/{username}", sysadmin.patch("/api/v1/accounts/auditor",
                   {"disabled": True}), 202)
        self.check("PUT", "/api/v1/accounts/{username}/roles", secadmin.put("/api/v1/accounts/openapi.check/roles",
                   {"roles": ["liaison", "auditor"]}), 409)
        self.check("GET", "/api/v1/roles", secadmin.get("/api/v1/roles"), 200)
        self.check("GET", "/api/v1/grants", secadmin.get("/api/v1/grants"), 200)
        self.check("GET", "/api/v1/audit/verify", self.as_("auditor").get("/api/v1/audit/verify"), 200)

    def test_business_writes(self):
        office = self.as_("office")
        u = "/api/v1/units/demo"
        self.check("POST", u + "/people", office.post(u + "/people", {
            "id": "p-openapi", "name": "文档", "department": "nic", "background_check": None}), 201)
        self.check("PUT", u + "/people/{id}", office.put(u + "/people/p-openapi", {"background_check": "2026-11-01"}), 200)
        self.check("GET", u + "/people/{id}", office.get(u + "/people/p-openapi"), 200)
        self.check("POST", u + "/departments", office.post(u + "/departments", {"id": "openapi", "name": "文档组", "parent": "nic"}), 201)
        self.check("PUT", u + "/departments/{id}", office.put(u + "/departments/openapi", {"name": "文档小组"}), 200)
        self.check("PUT", u, office.put(u, {"name": "蜀南学院"}), 200)
        self.check("PUT", u + "/policy", self.as_("secadmin").put(u + "/policy", {"policy": "default"}), 200)
        self.check("POST", u + "/systems", office.post(u + "/systems", {
            "id": "openapi-sys", "name": "文档系统", "owner_department": "nic", "mlps_level": 2}), 201)
        self.check("PUT", u + "/systems/{id}", office.put(u + "/systems/openapi-sys", {"public_website": False}), 200)
        self.check("POST", u + "/agreements", office.post(u + "/agreements", {
            "id": "openapi-ag", "kind": "confidentiality", "person": "p-openapi", "from": "2026-01-01",
            "to": "2029-01-01", "signed_on": "2025-12-30"}), 201)
        self.check("PUT", u + "/agreements/{id}", office.put(u + "/agreements/openapi-ag", {"signed_on": "2025-12-31"}), 200)
        self.check("POST", u + "/bodies", office.post(u + "/bodies", {
            "id": "openapi-body", "kind": "office", "name": "文档办公室", "leads": []}), 201)
        self.check("PUT", u + "/bodies/{id}", office.put(u + "/bodies/openapi-body", {"name": "文档办"}), 200)
        # A key post for someone with no key-post agreement breaks a rule: refused with the
        # findings, then made with acknowledge.
        appt = {"person": "p-openapi", "post": "network_admin", "from": "2026-11-01"}
        r = self.check("POST", u + "/appointments", office.post(u + "/appointments", appt), 422)
        self.assertEqual(r.error_code(), "would_break_rules")
        self.assertIn("agreement.key_post", [f["rule"] for f in r.json()["findings"]])
        appt["acknowledge"] = True
        r = self.check("POST", u + "/appointments", office.post(u + "/appointments", appt), 201)
        aid = r.json()["appointment"]["id"]
        self.check("POST", u + "/appointments/{id}/end", office.post(u + "/appointments/%s/end" % aid, {"to": "2026-11-20"}), 200)
        self.check("POST", u + "/incidents", office.post(u + "/incidents", {
            "id": "openapi-inc", "system": "openapi-sys", "title": "文档事件", "category": "其他",
            "grade": "general", "occurred_at": "2026-11-20T08:00:00+08:00"}), 201)
        self.check("PUT", u + "/incidents/{id}", office.put(u + "/incidents/openapi-inc",
                   {"resolved_at": "2026-11-20T09:00:00+08:00"}), 200)
        self.check("GET", u + "/incidents/{id}/accountability", office.get(u + "/incidents/openapi-inc/accountability"), 200)
        self.check("POST", u + "/notices", office.post(u + "/notices", {
            "id": "openapi-tb", "issuer": "上级", "title": "文档通报", "systems": ["openapi-sys"], "received_on": "2026-11-18"}), 201)
        self.check("PUT", u + "/notices/{id}", office.put(u + "/notices/openapi-tb", {"rectified_on": "2026-11-19"}), 200)
        r = self.check("POST", u + "/evidence", office.request("POST", u + "/evidence?name=openapi.txt", data=b"openapi\n",
                                                              content_type="text/plain"), 201)
        self.check("POST", u + "/obligations/{obligation}/records", office.post(u + "/obligations/report.monthly/records", {
            "period": "2026-10", "done_on": "2026-11-03", "evidence": [r.json()["sha256"]]}), 201)
        for pattern, path in ((u + "/bodies", u + "/bodies"), (u + "/departments", u + "/departments"),
                              (u + "/obligations/defs", u + "/obligations/defs"),
                              (u + "/posts/{post}/timeline", u + "/posts/network_admin/timeline"),
                              ("/api/v1/units", "/api/v1/units"), ("/api/v1/posts", "/api/v1/posts"),
                              ("/api/v1/calendar/years", "/api/v1/calendar/years"),
                              ("/api/v1/policies/{id}", "/api/v1/policies/default")):
            self.check("GET", pattern, office.get(path), 200)
        r = office.post("/api/v1/import", {"format": "zeren/v1", "people": [
            {"id": "p-openapi2", "name": "文档二", "org": "demo", "department": "nic", "background_check": None}]})
        self.check("POST", "/api/v1/import", r, 200)

    def test_error_replies(self):
        office = self.as_("office")
        self.check("GET", "/api/v1/units/{org}/people", office.get("/api/v1/units/demo/people?per_page=0"), 400)
        self.check("GET", "/api/v1/units/{org}/people/{id}", office.get("/api/v1/units/demo/people/p-none"), 404)
        self.check("PUT", "/api/v1/units/{org}/people/{id}", office.request(
            "PUT", "/api/v1/units/demo/people/p-wumin", data="x", content_type="text/plain"), 415)
        self.check("PUT", "/api/v1/units/{org}/people/{id}", office.put(
            "/api/v1/units/demo/people/p-wumin", {"department": "no-such"}), 422)
        self.check("POST", "/api/v1/units/{org}/people", office.post(
            "/api/v1/units/demo/people", {"id": "p-wumin", "name": "吴敏", "department": "nic"}), 409)


if __name__ == "__main__":
    unittest.main()
