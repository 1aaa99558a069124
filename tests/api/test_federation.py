"""Federated supervision over the API (issue 15, part 5): 西岭市第二诊所 runs its own zeren (a
second data directory) and reports up to the demo's 西岭市委网信办. The supervisor registers the
clinic's key, uploads its signed report, and sees it ranked beside the hosted units as reported
data with its date and signer; an altered package or an unknown key is refused and changes
nothing. The command-line round trip (notice down, feedback up) is tests/cli/t0271's."""
import os
import subprocess
import tempfile

from harness import DEMO_ON, ZEREN, ServerTestCase

CLINIC = "xl-clinic"
UNIT_JSON = '{"format": "zeren/v1", "organizations": [{"id": "%s", "name": "%s", "kind": "enterprise"}]}'


def federated_dir(org=CLINIC, name="西岭市第二诊所"):
    """A unit's own data directory: (its public key line, export(to, as_of) -> a signed report
    package, each made with the same key)."""
    d = tempfile.mkdtemp(prefix="zeren-fed-")
    data = os.path.join(d, "data")
    with open(os.path.join(d, "unit.json"), "w", encoding="utf-8") as f:
        f.write(UNIT_JSON % (org, name))

    def z(*args):
        return subprocess.run([ZEREN, "--data", data] + list(args), check=True, capture_output=True).stdout

    def export(to, as_of):
        out = os.path.join(d, "r.pkg")
        z("report", "export", "--to", to, "--as-of", as_of, "-o", out)
        with open(out, "rb") as f:
            return f.read()

    z("import", os.path.join(d, "unit.json"))
    return z("report", "key").decode(), export


def federated_unit(to="xiling", as_of=DEMO_ON, org=CLINIC, name="西岭市第二诊所"):
    """(a unit's public key line, its signed report package to `to`)."""
    pub, export = federated_dir(org, name)
    return pub, export(to, as_of)


class FederationTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pub, cls.package = federated_unit()

    def register(self):
        r = self.as_("supervisor").post("/api/v1/supervision/keys", {"org": CLINIC, "name": "西岭市第二诊所", "key": self.pub})
        self.assertStatus(r, 201)

    def upload(self, data, who="supervisor"):
        return self.as_(who).post("/api/v1/supervision/reports", data=data, content_type="application/octet-stream")

    def test_1_unknown_key_refused(self):
        r = self.upload(self.package)
        self.assertStatus(r, 403)
        self.assertIn("registered here for no unit", r.json()["error"]["message"])

    def test_2_report_ranked_beside_hosted_units(self):
        self.register()
        keys = self.as_("supervisor").get("/api/v1/supervision/keys").json()["items"]
        self.assertEqual([(k["org"], k["direction"]) for k in keys], [(CLINIC, "unit")])
        r = self.upload(self.package)
        self.assertStatus(r, 201)
        self.assertEqual((r.json()["org"], r.json()["as_of"]), (CLINIC, DEMO_ON))
        units = self.as_("supervisor").get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()
        rows = {u["org"]: u for u in units["items"]}
        self.assertEqual(set(rows), {"demo", "xl-school", "xl-hospital", CLINIC})
        self.assertEqual(units["total"], 4)
        clinic = rows[CLINIC]
        self.assertEqual(clinic["parent"], "xiling")
        self.assertEqual(clinic["reported"]["as_of"], DEMO_ON)
        self.assertEqual(clinic["reported"]["signer"]["key"], self.package.split(b" key=")[1][:16].decode())
        self.assertNotIn("reported", rows["demo"])
        kept = self.as_("supervisor").get("/api/v1/supervision/reports?org=" + CLINIC).json()["items"][0]
        errors = sum(1 for f in kept["report"]["findings"] if f["severity"] == "error")
        self.assertEqual(clinic["counts"]["error"], errors)
        self.assertEqual(clinic["score"], 10 * errors + 3 * clinic["counts"]["warning"] + clinic["counts"]["info"])
        self.assertEqual(sorted(u["rank"] for u in units["items"]), [1, 2, 3, 4])
        # The unit's data is reported, not hosted: no unit of that id here to read or write.
        r = self.as_("supervisor").get("/api/v1/units/%s/people" % CLINIC)
        self.assertStatus(r, 403)
        self.assertEqual(r.error_code(), "out_of_scope")

    def test_3_tampered_package_refused(self):
        self.register()
        i = self.package.index(b'"name": "') + 9
        bad = self.package[:i] + bytes([self.package[i] ^ 1]) + self.package[i + 1:]
        before = self.as_("supervisor").get("/api/v1/supervision/reports").json()
        r = self.upload(bad)
        self.assertStatus(r, 403)
        self.assertIn("body was altered", r.json()["error"]["message"])
        self.assertEqual(self.as_("supervisor").get("/api/v1/supervision/reports").json(), before)

    def test_4_only_a_supervisor(self):
        self.assertStatus(self.upload(self.package, who="office"), 403)
        r = self.as_("office").post("/api/v1/supervision/keys", {"org": CLINIC, "name": "x", "key": self.pub})
        self.assertStatus(r, 403)

    def test_5_hosted_unit_has_no_key(self):
        r = self.as_("supervisor").post("/api/v1/supervision/keys", {"org": "xl-school", "name": "x", "key": self.pub})
        self.assertStatus(r, 409)
        r = self.as_("supervisor").post("/api/v1/supervision/keys", {"org": "xl-y", "name": "y", "key": "not a key"})
        self.assertStatus(r, 422)
        # nor does a unit register a supervisor hosted beside it, or itself: the notices of a hosted
        # supervisor come down without packages
        for org in ("xiling", "demo"):
            r = self.as_("office").post("/api/v1/units/demo/federation/keys", {"org": org, "name": "x", "key": self.pub})
            self.assertStatus(r, 409)
            self.assertIn("is hosted here", r.json()["error"]["message"])

    def test_6_sent_elsewhere_refused(self):
        pub2, elsewhere = federated_unit(to="nosuch", org="xl-elsewhere", name="别处")
        sup = self.as_("supervisor")
        self.assertStatus(sup.post("/api/v1/supervision/keys", {"org": "xl-elsewhere", "name": "别处", "key": pub2}), 201)
        r = self.upload(elsewhere)
        self.assertStatus(r, 403)
        self.assertIn("not xiling nor below it", r.json()["error"]["message"])

    def test_7_region_totals_include_reported_units(self):
        """A federated unit below a hosted one counts in that unit's region."""
        pub, package = federated_unit(to="xl-school", org="xl-school-annex", name="西岭市第一中学分校")
        sup = self.as_("supervisor")
        self.assertStatus(sup.post("/api/v1/supervision/keys", {"org": "xl-school-annex", "name": "分校", "key": pub}), 201)
        self.assertStatus(self.upload(package), 201)
        rows = {u["org"]: u for u in sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()["items"]}
        school, annex = rows["xl-school"], rows["xl-school-annex"]
        self.assertEqual((annex["parent"], annex["depth"]), ("xl-school", 2))
        self.assertEqual(school["subtree"]["units"], 2)
        self.assertEqual(school["subtree"]["score"], school["score"] + annex["score"])
        self.assertEqual(annex["subtree"]["units"], 1)

    def test_8_trend_points_from_each_package(self):
        """Each package a federated unit sent is a point of the trend in the month of its date (the
        month's last package when it sent two); a month it sent none is a gap (null), left out of
        that month's totals."""
        org, name = "xl-clinic-b", "西岭市第三诊所"
        dates = ["2026-07-15", "2026-09-10", "2026-09-30", DEMO_ON]
        pub, packages = federated_series(dates, org=org, name=name)
        sup = self.as_("supervisor")
        self.assertStatus(sup.post("/api/v1/supervision/keys", {"org": org, "name": name, "key": pub}), 201)
        for p in packages:
            self.assertStatus(self.upload(p), 201)
        # An older package than the last one kept is refused, and adds no point.
        self.assertStatus(self.upload(packages[0]), 409)
        trend = sup.get("/api/v1/supervision/trend?as_of=" + DEMO_ON).json()
        months = [m["month"] for m in trend["months"]]
        self.assertEqual((months[0], months[-1]), ("2025-12", "2026-11"))
        row = next(u for u in trend["units"] if u["org"] == org)
        self.assertTrue(row["reported"])
        self.assertEqual(row["name"], name)
        want = {"2026-07": "2026-07-15", "2026-09": "2026-09-30", "2026-11": DEMO_ON}
        self.assertEqual(dict((m, d) for m, d in zip(months, row["as_of"]) if d), want)
        for m, score in zip(months, row["scores"]):
            self.assertEqual(score is None, m not in want, m)
        last = sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()
        self.assertEqual(row["scores"][-1], next(u for u in last["items"] if u["org"] == org)["score"])
        # Each month's total is the sum of the points in it; "reported" counts the federated ones.
        for k, m in enumerate(trend["months"]):
            points = [u["scores"][k] for u in trend["units"] if u["scores"][k] is not None]
            self.assertEqual(m["score"], sum(points), m["month"])
            self.assertEqual(m["reported"], sum(1 for u in trend["units"] if u.get("reported") and u["scores"][k] is not None))
        self.assertGreaterEqual(trend["months"][-1]["reported"], 1)
        self.assertEqual(trend["months"][0]["reported"], 0)
        # A hosted unit has a point every month and is not marked reported.
        demo = next(u for u in trend["units"] if u["org"] == "demo")
        self.assertNotIn("reported", demo)
        self.assertNotIn(None, demo["scores"])
        # The drill-down: the last package's findings, each with its citations.
        kept = sup.get("/api/v1/supervision/reports?org=" + org).json()["items"][0]
        self.assertEqual(kept["as_of"], DEMO_ON)
        self.assertTrue(kept["report"]["findings"])
        for f in kept["report"]["findings"]:
            self.assertTrue(f["citations"] and f["citations"][0]["document"], f)

    def test_9a_registered_key_replaced_only_by_the_operator(self):
        """Through the API a unit's key, once registered, is not replaced by another (else a
        supervisor sharing the installation could put its own key in the place of a unit that
        reports to another, and sign reports in its name); the same key again is kept, and the
        installation's operator rotates it with `zeren report trust`."""
        self.register()
        pub2, _ = federated_unit()
        sup = self.as_("supervisor")

        def clinic_key():
            return [k["key_id"] for k in sup.get("/api/v1/supervision/keys").json()["items"] if k["org"] == CLINIC]

        before = clinic_key()
        r = sup.post("/api/v1/supervision/keys", {"org": CLINIC, "name": "西岭市第二诊所", "key": pub2})
        self.assertStatus(r, 409, "conflict")
        self.assertEqual(r.json()["error"]["field"], "org")
        self.assertEqual(clinic_key(), before)
        self.register()  # the same key again: kept
        self.assertEqual(clinic_key(), before)
        d = tempfile.mkdtemp(prefix="zeren-fed-key-")
        path = os.path.join(d, "new.pub")
        with open(path, "w", encoding="utf-8") as f:
            f.write(pub2)
        out = self.server.zeren("report", "trust", CLINIC, path, "--name", "西岭市第二诊所")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(len(clinic_key()), 1)
        self.assertNotEqual(clinic_key(), before)
        out = self.server.zeren("report", "trust", CLINIC, os.path.join(d, "none.pub"), "--name", "x")
        self.assertNotEqual(out.returncode, 0)
        # back to the clinic's own key, for the other tests
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.pub)
        self.assertEqual(self.server.zeren("report", "trust", CLINIC, path, "--name", "西岭市第二诊所").returncode, 0)

    def test_9b_unit_of_another_supervisor_not_moved(self):
        """A supervisor lower in the tree (西岭市第一中学's) cannot take a unit that reports to
        西岭市委网信办 under itself, even with a package the unit signed."""
        pub, export = federated_dir("xl-lab", "西岭市实验站")
        up, down = export("xiling", DEMO_ON), export("xl-school", DEMO_ON)
        sup = self.as_("supervisor")
        self.assertStatus(sup.post("/api/v1/supervision/keys", {"org": "xl-lab", "name": "西岭市实验站", "key": pub}), 201)
        self.assertStatus(self.upload(up), 201)
        out = self.server.zeren("user", "add", "sup.school", "--person", "p-xs-zhaowenbo", "--role", "supervisor")
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.server.zeren("user", "passwd", "sup.school", input="Sup-School-2026x\n")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.server.passwords["sup.school"] = "Sup-School-2026x"
        r = self.upload(down, who="sup.school")
        self.assertStatus(r, 403, "forbidden")
        self.assertIn("outside the importer's units", r.json()["error"]["message"])
        kept = sup.get("/api/v1/supervision/reports?org=xl-lab").json()["items"]
        self.assertEqual([k["parent"] for k in kept], ["xiling"])
        # nor does it see the keys of the units that report to another
        school_keys = [k["org"] for k in self.as_("sup.school").get("/api/v1/supervision/keys").json()["items"]]
        self.assertNotIn("xl-lab", school_keys)
        self.assertNotIn(CLINIC, school_keys)
        self.assertIn("xl-lab", [k["org"] for k in sup.get("/api/v1/supervision/keys").json()["items"]])


def federated_series(dates, org, name, to="xiling"):
    """(a unit's public key line, [its signed report package as of each of dates])."""
    pub, export = federated_dir(org, name)
    return pub, [export(to, day) for day in dates]
