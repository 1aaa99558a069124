"""A unit's side of federated supervision over the API (issue 15, part 5): the demo unit shows its
public key for its supervisor to register, exports its signed report package choosing what to
share (verified by a supervisor's installation), registers its supervisor's key, and records the
notices its supervisor sends down as a signed package; an altered package, one signed by a key
not registered, or one sent to another unit is refused and changes nothing. Office only."""
import os
import subprocess
import tempfile

from harness import DEMO_ON, ZEREN, ServerTestCase

SUP, SUP_NAME = "sc-edu", "四川省教育厅"
U = "/api/v1/units/demo/federation"


def zeren_dir(org, name, kind="government"):
    """A data directory of its own holding one unit: a function running zeren there."""
    d = tempfile.mkdtemp(prefix="zeren-fedu-")
    with open(os.path.join(d, "unit.json"), "w", encoding="utf-8") as f:
        f.write('{"format": "zeren/v1", "organizations": [{"id": "%s", "name": "%s", "kind": "%s"}]}' % (org, name, kind))

    def z(*args):
        return subprocess.run([ZEREN, "--data", os.path.join(d, "data")] + list(args), check=True,
                              capture_output=True).stdout

    z("import", os.path.join(d, "unit.json"))
    z.dir = d
    return z


def notice_package(z, nid, to="demo"):
    out = os.path.join(z.dir, nid + ".pkg")
    z("notice", "package", "--to", to, "--id", nid, "--doc", "川教网信〔2026〕%s号" % nid[-1], "--title", "关于网站漏洞的通报",
      "--received", "2026-11-16", "--rectify-by", "2026-11-30", "-o", out)
    with open(out, "rb") as f:
        return f.read()


class FederationUnitTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sup = staticmethod(zeren_dir(SUP, SUP_NAME))
        cls.sup_key = cls.sup("report", "key").decode()

    def upload(self, data, who="office"):
        return self.as_(who).post(U + "/notices", data=data, content_type="application/octet-stream")

    def test_1_key_shown(self):
        r = self.as_("office").get(U)
        self.assertStatus(r, 200)
        key = r.json()["key"]
        self.assertEqual(len(key["key_id"]), 16)
        self.assertTrue(key["public_key"].startswith("zeren-audit-pub/1 " + key["alg"]), key)
        self.assertEqual(r.json()["supervisors"], [])
        # The same key signs the unit's documents: asking again gives it again.
        self.assertEqual(self.as_("office").get(U).json()["key"], key)

    def test_2_report_exported_and_verified_up(self):
        me = self.as_("office").get(U).json()["key"]
        r = self.as_("office").post(U + "/report", {"to": "xl-up", "as_of": DEMO_ON, "include": ["organizations", "systems"]})
        self.assertStatus(r, 200)
        self.assertIn("attachment", r.header("Content-Disposition"))
        head, body = r.body.split(b"\n", 1)
        self.assertTrue(head.startswith(b"zeren-package/1 kind=report "), head)
        self.assertIn(b" key=" + me["key_id"].encode(), head)
        # The supervisor's own installation registers the unit's key and verifies the package.
        up = zeren_dir("xl-up", "上级单位")
        keyfile = os.path.join(up.dir, "demo.pub")
        with open(keyfile, "w") as f:
            f.write(me["public_key"])
        pkg = os.path.join(up.dir, "demo.pkg")
        with open(pkg, "wb") as f:
            f.write(r.body)
        up("report", "trust", "demo", keyfile, "--name", "蜀南学院")
        self.assertIn(b"imported the report of demo as of " + DEMO_ON.encode(), up("report", "import", pkg))
        rows = up("report", "list", "--format", "json").decode()
        self.assertIn('"as_of": "%s"' % DEMO_ON, rows)
        # Only the sections chosen went up.
        import json
        facts = json.loads(body)["facts"]
        self.assertEqual(sorted(k for k in facts if k != "format"), ["organizations", "systems"])
        self.assertTrue(facts["systems"])

    def test_3_bad_export_requests(self):
        o = self.as_("office")
        self.assertStatus(o.post(U + "/report", {"as_of": DEMO_ON}), 422)
        self.assertStatus(o.post(U + "/report", {"to": "x", "as_of": "2026-13-01"}), 422)
        self.assertStatus(o.post(U + "/report", {"to": "x", "include": ["nosuch"]}), 422)
        self.assertStatus(o.post(U + "/report", {"to": "x", "extra": 1}), 422)

    def test_4_notice_package_refused_without_key(self):
        r = self.upload(notice_package(self.sup, "tb-81"))
        self.assertStatus(r, 403)
        self.assertIn("registered here for no supervisor", r.json()["error"]["message"])

    def test_5_notice_package_recorded(self):
        o = self.as_("office")
        self.assertStatus(o.post(U + "/keys", {"org": SUP, "name": SUP_NAME, "key": self.sup_key}), 201)
        sups = o.get(U).json()["supervisors"]
        self.assertEqual([(k["org"], k["name"]) for k in sups], [(SUP, SUP_NAME)])
        pkg = notice_package(self.sup, "tb-82")
        # Altered: refused, nothing recorded.
        i = pkg.index("关于".encode())
        bad = pkg[:i] + bytes([pkg[i] ^ 1]) + pkg[i + 1:]
        r = self.upload(bad)
        self.assertStatus(r, 403)
        self.assertIn("body was altered", r.json()["error"]["message"])
        r = self.upload(pkg)
        self.assertStatus(r, 201)
        self.assertEqual((r.json()["from"], r.json()["notices"]), (SUP, ["tb-82"]))
        n = o.get("/api/v1/units/demo/notices/tb-82?as_of=" + DEMO_ON)
        self.assertStatus(n, 200)
        self.assertEqual((n.json()["issuer"], n.json()["rectify_by"]), (SUP_NAME, "2026-11-30"))
        # The same package again: the notice is recorded already.
        self.assertStatus(self.upload(pkg), 409)

    def test_6_sent_to_another_unit_refused(self):
        self.as_("office").post(U + "/keys", {"org": SUP, "name": SUP_NAME, "key": self.sup_key})
        r = self.upload(notice_package(self.sup, "tb-83", to="xl-school"))
        self.assertStatus(r, 403)
        self.assertIn("not to demo", r.json()["error"]["message"])
        self.assertStatus(self.as_("office").get("/api/v1/units/demo/notices/tb-83"), 404)

    def test_7_office_only(self):
        for who in ("leader", "staff", "supervisor", "secadmin"):
            self.assertStatus(self.as_(who).get(U), 403)
            self.assertStatus(self.as_(who).post(U + "/report", {"to": "x"}), 403)
        o = self.as_("office")
        r = o.post(U + "/keys", {"org": "demo", "name": "x", "key": self.sup_key})
        self.assertStatus(r, 409)  # the unit itself is hosted here (core/federation.c)
        self.assertEqual(r.json()["error"]["field"], "org")
        self.assertStatus(o.post(U + "/keys", {"org": SUP, "name": "x", "key": "not a key"}), 422)
        self.assertStatus(o.get("/api/v1/units/xl-school/federation"), 403)
