"""Documents to sign over the API (issue 14): generate as the office, download the PDF, sign it
in the platform (only its person, confirming with their password), record a paper signature
(the signed scan), and the public verification of a number and of a file, which fails after a
one-byte change. The unit's private key is never served."""
import hashlib
import io
import json
import unittest
import zipfile
from urllib.parse import quote

from harness import DEMO_ON, ServerTestCase

HEADS_PASSWORD = "Xu-Hongmei-2027!"


class DocumentsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the head of 财务处 gets an account of her own, to sign her letter
        out = cls.server.zeren("user", "add", "xuhongmei", "--person", "p-xuhongmei", "--role", "staff")
        assert out.returncode == 0, out.stderr
        out = cls.server.zeren("user", "passwd", "xuhongmei", input=HEADS_PASSWORD + "\n")
        assert out.returncode == 0, out.stderr
        cls.server.passwords["xuhongmei"] = HEADS_PASSWORD

    def generate(self, person, kind="responsibility_letter", **kw):
        body = {"kind": kind, "person": person, "date": "2026-12-20", "year": 2027}
        body.update(kw)
        r = self.as_("office").post("/api/v1/units/demo/documents", body)
        self.assertStatus(r, 201)
        return r.json()

    def test_generate_download_and_list(self):
        d = self.generate("p-pengtao")
        self.assertRegex(d["number"], r"^demo-2027-ZRS-[0-9a-f]{8}$")
        self.assertEqual((d["title"], d["department"], d["post"], d["from"], d["to"]),
                         ("2027年度网络安全工作责任书", "hr", "department_head", "2027-01-01", "2028-01-01"))
        r = self.as_("office").get("/api/v1/units/demo/documents/%s/pdf" % d["number"])
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertTrue(r.body.startswith(b"%PDF-"))
        self.assertEqual(hashlib.sha256(r.body).hexdigest(), d["sha256"])
        # the same request again: the same number and bytes
        self.assertEqual(self.generate("p-pengtao")["sha256"], d["sha256"])
        items = self.as_("office").get("/api/v1/units/demo/documents").json()["items"]
        mine = [i for i in items if i["number"] == d["number"]]
        self.assertEqual((mine[0]["status"], mine[0]["person_name"]), ("generated", "彭涛"))
        # staff sees only their own
        self.assertEqual(self.as_("staff").get("/api/v1/units/demo/documents").json()["items"], [])
        self.assertStatus(self.as_("staff").get("/api/v1/units/demo/documents/%s/pdf" % d["number"]), 404)

    def test_signing_password_retries_are_throttled(self):
        """Wrong signing passwords are counted per account as sign-ins are: the fifth locks the
        confirmation (429, Retry-After) whatever the password, each refusal is in the audit log,
        and `zeren user enable` forgets them."""
        out = self.server.zeren("user", "add", "pengtao", "--person", "p-pengtao", "--role", "staff")
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.server.zeren("user", "passwd", "pengtao", input="Peng-Tao-2027!\n")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.server.passwords["pengtao"] = "Peng-Tao-2027!"
        n = self.generate("p-pengtao", kind="network_access")["number"]
        head = self.as_("pengtao")
        url = "/api/v1/units/demo/documents/%s/sign" % n
        for _ in range(5):
            self.assertStatus(head.post(url, {"password": "wrong-password"}), 403, "bad_password")
        r = head.post(url, {"password": "Peng-Tao-2027!"})
        self.assertStatus(r, 429, "password_locked")
        self.assertGreater(int(r.header("Retry-After")), 800)
        self.assertEqual(head.get("/api/v1/units/demo/documents/%s" % n).json()["signed"], False)
        out = self.server.zeren("audit", "list", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        mine = [a for a in json.loads(out.stdout) if a["action"] == "doc.sign" and a["object"] == n]
        self.assertEqual([a["detail"]["error"] for a in mine], ["password"] * 5 + ["locked"])
        self.assertIn("locked_until", mine[4]["detail"])  # the fifth began the lock
        self.assertFalse(any(a["success"] for a in mine))
        # enable clears the lock
        out = self.server.zeren("user", "enable", "pengtao")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertStatus(head.post(url, {"password": "Peng-Tao-2027!"}), 200)

    def test_reports_to_download(self):
        """The findings report, an incident's accountability report and a department's
        self-check, as PDF (and xlsx where tabular), each for those whose scope covers it."""
        office = self.as_("office")
        r = office.get("/api/v1/units/demo/reports/findings?as_of=%s" % DEMO_ON)
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertIn('filename="demo-%s-findings.pdf"' % DEMO_ON, r.header("Content-Disposition"))
        self.assertTrue(r.body.startswith(b"%PDF-"))
        r = office.get("/api/v1/units/demo/reports/findings?as_of=%s&format=xlsx" % DEMO_ON)
        self.assertStatus(r, 200)
        self.assertTrue(r.body.startswith(b"PK"))
        findings = office.get("/api/v1/units/demo/findings?as_of=%s&per_page=200" % DEMO_ON).json()["total"]
        sheet = zipfile.ZipFile(io.BytesIO(r.body)).read("xl/worksheets/sheet1.xml").decode()
        self.assertEqual(sheet.count("<row "), findings + 1)
        self.assertStatus(office.get("/api/v1/units/demo/reports/findings?format=docx"), 400, "bad_parameter")
        self.assertStatus(self.as_("liaison.nic").get("/api/v1/units/demo/reports/findings"), 403, "out_of_scope")

        r = self.as_("leader").get("/api/v1/units/demo/incidents/inc-2026-03/accountability-report")
        self.assertStatus(r, 200)
        self.assertTrue(r.body.startswith(b"%PDF-"))
        self.assertStatus(office.get("/api/v1/units/demo/incidents/inc-none/accountability-report"), 404)
        self.assertStatus(self.as_("staff").get("/api/v1/units/demo/incidents/inc-2026-03/accountability-report"),
                          403, "out_of_scope")

        # the liaison of 网络信息中心 gets its self-check, not 财务处's
        nic = self.as_("liaison.nic")
        r = nic.get("/api/v1/units/demo/departments/nic/selfcheck?as_of=%s" % DEMO_ON)
        self.assertStatus(r, 200)
        self.assertIn('filename="demo-nic-%s-selfcheck.pdf"' % DEMO_ON, r.header("Content-Disposition"))
        r = nic.get("/api/v1/units/demo/departments/nic/selfcheck?as_of=%s&format=xlsx" % DEMO_ON)
        self.assertStatus(r, 200)
        sheet = zipfile.ZipFile(io.BytesIO(r.body)).read("xl/worksheets/sheet1.xml").decode()
        self.assertIn("网络安全工作责任制落实情况自查报告（2026-H2）", sheet)
        self.assertStatus(nic.get("/api/v1/units/demo/departments/finance/selfcheck"), 403, "out_of_scope")
        self.assertStatus(office.get("/api/v1/units/demo/departments/none/selfcheck"), 404)

    def test_unit_template_preview(self):
        """The template letters are made from (the shipped one until the unit has its own), and
        a letter from an edited template as an image, its fields checked first."""
        office = self.as_("office")
        r = office.get("/api/v1/units/demo/templates/network_access?as_of=2026-12-20")
        self.assertStatus(r, 200)
        t = r.json()
        self.assertEqual((t["kind"], t["own"], t["template"]["title"]), ("network_access", False, "联网安全保密责任书"))
        self.assertStatus(office.get("/api/v1/units/demo/templates/love_letter"), 404)
        tpl = dict(t["template"], title="{unit}联网承诺书")
        url = "/api/v1/units/demo/templates/network_access/preview"
        r = office.post(url, {"person": "p-qiumin", "date": "2026-12-20", "template": tpl})
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "image/png")
        self.assertTrue(r.body.startswith(b"\x89PNG"))
        self.assertGreaterEqual(int(r.header("X-Zeren-Pages")), 1)
        bad = dict(tpl, title="{unit}{nickname}")
        r = office.post(url, {"person": "p-qiumin", "template": bad})
        self.assertStatus(r, 422)
        self.assertIn("unknown field '{nickname}'", r.json()["error"]["message"])
        self.assertStatus(office.post(url, {"person": "p-qiumin"}), 422, "invalid")
        self.assertStatus(self.as_("liaison.nic").post(url, {"person": "p-qiumin", "template": tpl}), 403)
        # nothing was kept: no document of that person dated so
        items = office.get("/api/v1/units/demo/documents").json()["items"]
        self.assertFalse([i for i in items if i["person"] == "p-qiumin" and i["title"].endswith("联网承诺书")])

    def test_bad_input_names_the_field(self):
        r = self.as_("office").post("/api/v1/units/demo/documents", {"kind": "responsibility_letter", "person": "p-none"})
        self.assertStatus(r, 404)
        self.assertIn("person", r.json()["error"]["message"])
        r = self.as_("office").post("/api/v1/units/demo/documents",
                                    {"kind": "responsibility_letter", "person": "p-pengtao", "date": "2026-13-01"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "date")
        r = self.as_("office").post("/api/v1/units/demo/documents",
                                    {"kind": "key_post_security", "person": "p-pengtao", "date": "2026-12-20"})
        self.assertStatus(r, 422)
        self.assertIn("holds no", r.json()["error"]["message"])
        self.assertStatus(self.as_("liaison.nic").post("/api/v1/units/demo/documents",
                                                       {"kind": "responsibility_letter", "person": "p-zhouhaitao"}), 403)
        for clauses, code, message in (("第一条", "invalid", "clauses must be a list of texts"),
                                       (None, "invalid", "clauses must be a list of texts"),
                                       (["第%d条" % i for i in range(65)], "too_large", "at most 64 clauses")):
            r = self.as_("office").post("/api/v1/units/demo/documents",
                                        {"kind": "responsibility_letter", "person": "p-pengtao", "clauses": clauses})
            self.assertStatus(r, 422, code)
            self.assertEqual((r.json()["error"]["field"], r.json()["error"]["message"]), ("clauses", message))

    def test_sign_in_the_platform(self):
        d = self.generate("p-xuhongmei")
        n = d["number"]
        # not hers: the office may not sign someone else's letter
        r = self.as_("office").post("/api/v1/units/demo/documents/%s/sign" % n, {"password": "Zeren-Demo-2026"})
        self.assertStatus(r, 404, "not_found")
        head = self.as_("xuhongmei")
        r = head.post("/api/v1/units/demo/documents/%s/sign" % n, {"password": "wrong-password"})
        self.assertStatus(r, 403, "bad_password")
        self.assertEqual(head.get("/api/v1/units/demo/documents/%s" % n).json()["signed"], False)
        r = head.post("/api/v1/units/demo/documents/%s/sign" % n, {"password": HEADS_PASSWORD})
        self.assertStatus(r, 200)
        v = r.json()
        self.assertTrue(v["signed"] and v["valid"])
        s = v["signatures"][0]
        self.assertEqual((s["method"], s["signer"], s["signer_name"], s["account"], s["alg"], s["sha256"]),
                         ("platform", "p-xuhongmei", "许红梅", "xuhongmei", "sm2", d["sha256"]))
        self.assertEqual(len(s["sm3"]), 64)
        # a second signature is refused
        self.assertStatus(head.post("/api/v1/units/demo/documents/%s/sign" % n, {"password": HEADS_PASSWORD}), 409)
        # the public page of the number says what, who and when, and no more
        anon = self.server.anonymous()
        p = anon.get("/api/v1/verify/%s" % n)
        self.assertStatus(p, 200)
        pv = p.json()
        self.assertTrue(pv["valid"])
        self.assertEqual((pv["document"]["title"], pv["document"]["person_name"], pv["document"]["sha256"]),
                         ("2027年度网络安全工作责任书", "许红梅", d["sha256"]))
        self.assertEqual(pv["signatures"][0]["signer_name"], "许红梅")
        self.assertNotIn("account", pv["signatures"][0])
        self.assertStatus(anon.get("/api/v1/verify/demo-2027-ZRS-00000000"), 404)
        # a file (for a signed-in account): the exact bytes verify, one changed byte does not
        pdf = self.as_("office").get("/api/v1/units/demo/documents/%s/pdf" % n).body
        self.assertStatus(anon.post("/api/v1/verify", data=pdf, content_type="application/pdf"), 401)
        anon = self.as_("staff")
        r = anon.post("/api/v1/verify", data=pdf, content_type="application/pdf")
        self.assertStatus(r, 200)
        self.assertTrue(r.json()["valid"])
        bad = bytearray(pdf)
        bad[len(bad) // 2] ^= 0x01
        r = anon.post("/api/v1/verify", data=bytes(bad), content_type="application/pdf")
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["known"], r.json()["valid"]), (False, False))
        # the agreement entered the record
        ags = self.as_("office").get("/api/v1/units/demo/agreements?per_page=200").json()["items"]
        self.assertIn(n, [a["id"] for a in ags])

    def test_paper_signature(self):
        d = self.generate("p-jiazhiyuan")
        n = d["number"]
        scan = b"%PDF-1.4 a scanned signed letter"
        r = self.as_("liaison.finance").request("POST", "/api/v1/units/demo/documents/%s/scan?name=%s" % (n, quote("签字扫描.pdf")),
                                                data=scan, content_type="application/pdf")
        self.assertIn(r.status, (403, 404), r)  # 图书馆 is not finance's
        r = self.as_("office").request("POST", "/api/v1/units/demo/documents/%s/scan?name=%s" % (n, quote("签字扫描.pdf")),
                                       data=scan, content_type="application/pdf")
        self.assertStatus(r, 200)
        s = r.json()["signatures"][0]
        self.assertEqual((s["method"], s["signer"], s["account"], s["scan_sha256"]),
                         ("paper", "p-jiazhiyuan", "office", hashlib.sha256(scan).hexdigest()))

    def test_private_key_never_served(self):
        self.generate("p-weiqiang")
        for path in ("/api/v1/units/demo/documents", "/api/v1/verify/x"):
            body = self.as_("office").get(path).body
            self.assertNotIn(b"PRIVATE KEY", body)
        with open(self.server.data + "/keys/doc-signing.key", "rb") as f:
            key = f.read()
        self.assertIn(b"PRIVATE KEY", key)


if __name__ == "__main__":
    unittest.main()


class CampaignTest(ServerTestCase):
    """The issue's "done when": next year's campaign of the demo unit generates one letter per
    department head; two are signed in the platform, one on paper; the rest show as findings
    of agreement.year_letter citing the clause."""

    def test_campaign_2027(self):
        for user, person, pw in (("xuhongmei", "p-xuhongmei", HEADS_PASSWORD),):
            out = self.server.zeren("user", "add", user, "--person", person, "--role", "staff")
            self.assertEqual(out.returncode, 0, out.stderr)
            out = self.server.zeren("user", "passwd", user, input=pw + "\n")
            self.assertEqual(out.returncode, 0, out.stderr)
            self.server.passwords[user] = pw
        office = self.as_("office")
        # next year's campaign, opened today: the platform records signatures as of its today
        year = office.today.year + 1
        self.assertStatus(self.as_("liaison.nic").post("/api/v1/units/demo/campaigns",
                                                       {"kind": "responsibility_letter", "year": year}), 403)
        r = office.post("/api/v1/units/demo/campaigns", {"kind": "responsibility_letter", "year": year,
                                                         "date": office.today.isoformat()})
        self.assertStatus(r, 201)
        c = r.json()
        self.assertEqual((c["id"], c["title"], c["status"]),
                         ("demo-%d-responsibility_letter" % year, "%d年度网络安全工作责任书" % year, "open"))
        heads = {"p-zhouhaitao", "p-yangfan", "p-huangli", "p-xiewen", "p-tangguoqiang", "p-xuhongmei", "p-pengtao",
                 "p-jiazhiyuan", "p-weiqiang", "p-shilei", "p-cuijianhua"}
        self.assertEqual(sorted(d["person"] for d in c["documents"]), sorted(heads))
        self.assertEqual(c["counts"]["total"], 11)
        # a second campaign for that year is refused
        self.assertStatus(office.post("/api/v1/units/demo/campaigns", {"kind": "responsibility_letter", "year": year}), 409)
        r = office.post("/api/v1/units/demo/campaigns/%s/send" % c["id"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["counts"]["sent"], 11)
        number = {d["person"]: d["number"] for d in c["documents"]}
        # two in the platform: the office's own head (周海涛) and 许红梅
        r = office.post("/api/v1/units/demo/documents/%s/sign" % number["p-zhouhaitao"], {"password": "Zeren-Demo-2026"})
        self.assertStatus(r, 200)
        r = self.as_("xuhongmei").post("/api/v1/units/demo/documents/%s/sign" % number["p-xuhongmei"],
                                       {"password": HEADS_PASSWORD})
        self.assertStatus(r, 200)
        # one on paper: 图书馆's head, the scan uploaded by the office, then the original filed
        r = office.request("POST", "/api/v1/units/demo/documents/%s/scan?name=%s" % (number["p-jiazhiyuan"], quote("贾志远.pdf")),
                           data=b"%PDF-1.4 scan", content_type="application/pdf")
        self.assertStatus(r, 200)
        r = office.patch("/api/v1/units/demo/documents/%s" % number["p-jiazhiyuan"], {"status": "returned"})
        self.assertStatus(r, 200)
        self.assertStatus(office.patch("/api/v1/units/demo/documents/%s" % number["p-pengtao"], {"status": "returned"}), 409)
        c = office.get("/api/v1/units/demo/campaigns/%s" % c["id"]).json()
        self.assertEqual({k: c["counts"][k] for k in ("sent", "signed", "returned", "total")},
                         {"sent": 8, "signed": 2, "returned": 1, "total": 11})
        self.assertEqual(office.get("/api/v1/units/demo/campaigns").json()["items"][0]["counts"]["total"], 11)
        # as of a day in that year: the eight unsigned heads are findings citing the clause
        f = office.get("/api/v1/units/demo/findings?as_of=%d-01-15&per_page=200" % year).json()["items"]
        yl = [x for x in f if x["rule"] == "agreement.year_letter"]
        self.assertEqual(sorted(x["subject"]["id"] for x in yl),
                         sorted(heads - {"p-zhouhaitao", "p-xuhongmei", "p-jiazhiyuan"}))
        for x in yl:
            self.assertEqual(x["subject"]["post"], "department_head")
            self.assertEqual([(ci["document"][:6], ci["clause"]) for ci in x["citations"]], [("《蜀南学院网", "第十三条(一)")])
            self.assertIn("网络安全工作责任书", x["message"])
        r = office.post("/api/v1/units/demo/campaigns/%s/close" % c["id"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["status"], "closed")
        self.assertStatus(office.post("/api/v1/units/demo/campaigns/%s/send" % c["id"]), 409)


class PreviewTest(ServerTestCase):
    def test_page_as_png(self):
        office = self.as_("office")
        d = office.post("/api/v1/units/demo/documents", {"kind": "responsibility_letter", "person": "p-shilei",
                                                         "date": "2026-12-20", "year": 2027}).json()
        r = office.get("/api/v1/units/demo/documents/%s/preview?page=1&width=600" % d["number"])
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "image/png")
        self.assertTrue(r.body.startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertEqual(r.header("X-Zeren-Pages"), str(d["pages"]))
        self.assertStatus(office.get("/api/v1/units/demo/documents/%s/preview?page=9" % d["number"]), 404)
        self.assertStatus(office.get("/api/v1/units/demo/documents/%s/preview?width=5" % d["number"]), 422)
