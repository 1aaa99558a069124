"""Documents to sign over the API (issue 14): generate as the office, download the PDF, sign it
in the platform (only its person, confirming with their password), record a paper signature
(the signed scan), and the public verification of a number and of a file, which fails after a
one-byte change. The unit's private key is never served."""
import hashlib
import json
import unittest
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
