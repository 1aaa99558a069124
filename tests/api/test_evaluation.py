"""The yearly evaluation (考核) over the API: the indicators, a round of 2025 through every step
with the roles the issue names (the office runs it and scores, a department sees and objects to
its own sheet only, the leader publishes), the causes of lost points, and a published round
frozen. Years and step days are explicit (?as_of=), so the server's today does not matter."""
import io
import json
import re
import subprocess
import unittest
import zipfile

from harness import ServerTestCase

U = "/api/v1/units/demo"


def pdf_text(pdf):
    """The PDF's text without white space (table cells wrap lines anywhere)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def audit_objects(server, action):
    out = server.zeren("audit", "list", "--format", "json")
    return [r["object"] for r in json.loads(out.stdout) if r["action"] == action and r["success"]]


class Evaluation(ServerTestCase):
    def test_round(self):
        office, leader, nic, fin = (self.as_(a) for a in ("office", "leader", "liaison.nic", "liaison.finance"))

        r = nic.get(U + "/evaluation/indicators")
        self.assertStatus(r, 200)
        ind = {i["id"]: i for i in r.json()["indicators"]}
        self.assertEqual(ind["duties.selfcheck"]["deduct"][0]["ids"], ["selfcheck.semiannual"])
        self.assertEqual(ind["events.major"]["scoring"], "veto")
        self.assertEqual([g["name"] for g in r.json()["grades"]], ["优秀", "良好", "合格", "不合格"])
        self.assertTrue(all(i["citations"] for i in ind.values() if i["parent"]))

        self.assertStatus(nic.post(U + "/evaluations", {"year": 2025}), 403, "forbidden")
        self.assertStatus(office.post(U + "/evaluations", {}), 422, "invalid")
        r = office.post(U + "/evaluations", {"year": 2025})
        self.assertStatus(r, 201)
        rid = r.json()["id"]
        R = U + "/evaluations/%d" % rid
        self.assertStatus(office.post(U + "/evaluations", {"year": 2025}), 409, "conflict")

        # the office sees every sheet; a liaison only their department's, staff none
        kinds = [(s["kind"], s["id"]) for s in office.get(R).json()["result"]["sheets"]]
        self.assertIn(("department", "finance"), kinds)
        self.assertIn(("unit", "demo"), kinds)
        self.assertEqual([(s["kind"], s["id"]) for s in nic.get(R).json()["result"]["sheets"]], [("department", "nic")])
        self.assertEqual(self.as_("staff").get(R).json()["result"]["sheets"], [])
        listed = fin.get(U + "/evaluations").json()["items"][0]["sheets"]
        self.assertEqual([s["id"] for s in listed], ["finance"])
        self.assertNotIn("items", listed[0])

        # every lost point names its cause and its clause
        fin_sheet = fin.get(R).json()["result"]["sheets"][0]
        lost = [c for i in fin_sheet["items"] for c in i["causes"] if c["points"] < 0]
        self.assertTrue(lost)
        for c in lost:
            self.assertIn(c["kind"], ("finding", "duty", "notice", "incident"))
            self.assertTrue(c["message"])
            self.assertTrue(c["citations"] and c["citations"][0]["clause"], c)

        # scoring: office only, within the marks
        score = {"kind": "department", "subject": "nic", "indicator": "org.meeting", "score": 9}
        self.assertStatus(nic.post(R + "/scores", score), 403, "forbidden")
        self.assertStatus(office.post(R + "/scores", dict(score, score=11)), 422, "invalid")
        self.assertStatus(office.post(R + "/release?as_of=2026-01-09", {}), 409, "conflict")  # manual items left
        for s in office.get(R).json()["result"]["sheets"]:
            for i in s["items"]:
                if i["scoring"] == "manual":
                    self.assertStatus(office.post(R + "/scores", {"kind": s["kind"], "subject": s["id"],
                                                                  "indicator": i["indicator"], "score": 8}), 200)
        r = office.post(R + "/release?as_of=2026-01-09", {})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["objection_deadline"], "2026-01-16")

        # objections: a department for itself, within the period; the leader publishes once answered
        self.assertStatus(fin.post(R + "/objections?as_of=2026-01-12", {"department": "nic", "reason": "x"}), 403,
                          "out_of_scope")
        self.assertStatus(nic.post(R + "/objections?as_of=2026-01-19", {"department": "nic", "reason": "迟了"}), 409,
                          "conflict")
        r = nic.post(R + "/objections?as_of=2026-01-12", {"department": "nic", "reason": "会议纪要另有一份"})
        self.assertStatus(r, 200)
        self.assertEqual([o["department"] for o in r.json()["objections"]], ["nic"])
        self.assertEqual(fin.get(R).json()["objections"], [])
        self.assertStatus(leader.post(R + "/publish?as_of=2026-01-20", {}), 409, "conflict")
        self.assertStatus(office.post(R + "/publish?as_of=2026-01-20", {}), 403, "forbidden")
        self.assertStatus(office.post(R + "/scores", dict(score, score=10, comment="核实后加分")), 200)
        # an automatic item's score follows from the records: changing it needs a reason, shown in the report
        nic_items = [s for s in office.get(R).json()["result"]["sheets"] if s["id"] == "nic"][0]["items"]
        auto = [i for i in nic_items if i["scoring"] == "auto" and i["auto_score"] < i["marks"]][0]
        change = {"kind": "department", "subject": "nic", "indicator": auto["indicator"], "score": auto["marks"]}
        r = office.post(R + "/scores", change)
        self.assertStatus(r, 422, "invalid")
        self.assertEqual((r.json()["error"]["field"], r.json()["error"]["reason"]), ("comment", "missing"))
        self.assertStatus(office.post(R + "/scores", dict(change, comment="  ")), 422, "invalid")
        self.assertStatus(office.post(R + "/scores", dict(change, comment="整改已于年内完成")), 200)
        adjusted = "按记录计%g分，调整为%g分。整改已于年内完成" % (auto["auto_score"], auto["marks"])
        self.assertStatus(office.post(R + "/objections/nic/resolve", {"answer": "已核实，加至满分"}), 200)
        r = leader.post(R + "/publish?as_of=2026-01-20", {})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "published")
        nic_sheet = [s for s in r.json()["result"]["sheets"] if s["id"] == "nic"][0]
        meeting = [i for i in nic_sheet["items"] if i["indicator"] == "org.meeting"][0]
        self.assertEqual((meeting["score"], meeting["entered"]["comment"]), (10, "核实后加分"))

        # frozen: no step changes it; a re-evaluation is a new version with a reason
        self.assertStatus(office.post(R + "/scores", score), 409, "conflict")
        self.assertStatus(office.post(U + "/evaluations", {"year": 2025}), 422, "invalid")
        r = office.post(U + "/evaluations", {"year": 2025, "reason": "复核"})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["version"], 2)
        self.assertEqual(audit_objects(self.server, "evaluation.open"), ["demo/2025/v1", "demo/2025/v2"])
        self.assertEqual(audit_objects(self.server, "evaluation.publish"), ["demo/2025/v1"])

        # the printable report and the Excel sheet, each of what the account may see
        r = office.get(R + "/report")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/html"))
        page = r.body.decode("utf-8")
        self.assertIn("2025 年度网络安全工作责任制", page)
        self.assertIn("@page { size: A4", page)
        self.assertIn("财务处", page)
        self.assertIn("第十三条(三)", page)  # a lost point's clause, the college's own
        self.assertIn(adjusted, page)
        self.assertNotIn("财务处", nic.get(R + "/report").body.decode("utf-8"))
        r = office.get(R + "/export.xlsx")
        self.assertStatus(r, 200)
        self.assertIn("attachment", r.header("Content-Disposition"))
        z = zipfile.ZipFile(io.BytesIO(r.body))
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        self.assertEqual(len(re.findall(r"<row ", sheet)), 1 + sum(len(s["items"]) for s in office.get(R).json()["result"]["sheets"]))
        self.assertIn("核实后加分", sheet)
        nic_rows = zipfile.ZipFile(io.BytesIO(nic.get(R + "/export.xlsx").body)).read("xl/worksheets/sheet1.xml").decode("utf-8")
        self.assertNotIn("财务处", nic_rows)

        # the PDF report, of what the account may see: names and scores as text
        r = office.get(R + "/report.pdf")
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertIn("attachment", r.header("Content-Disposition"))
        text = pdf_text(r.body)
        self.assertIn("2025年度网络安全工作责任制考核报告", text)
        # its manual item at 8 and training.department's 10 from its 2025 departmental training on time
        self.assertIn("财务处（部门）：89.00/100.00分，良好，第9名", text)
        self.assertIn("第十三条(三)", text)  # a lost point's clause, the college's own
        nic_text = pdf_text(nic.get(R + "/report.pdf").body)
        self.assertIn("网络信息中心", nic_text)
        self.assertNotIn("财务处", nic_text)

        # the year's evaluation.annual duty is done
        r = office.get(U + "/obligations?as_of=2026-01-21&obligation=evaluation.annual&per_page=50")
        self.assertStatus(r, 200)
        self.assertEqual([o["status"] for o in r.json()["items"] if o["period"] == "2025"], ["done"])

    def test_scorers(self):
        office, staff, fin = (self.as_(a) for a in ("office", "staff", "liaison.finance"))
        r = office.post(U + "/evaluations", {"year": 2024})
        self.assertStatus(r, 201)
        R = U + "/evaluations/%d" % r.json()["id"]
        item = {"kind": "department", "subject": "nic", "indicator": "org.meeting", "score": 7}

        # only the office assigns, only manual indicators, only to an account of the unit
        assign = {"scorer": "staff", "indicators": ["org.meeting"], "departments": ["nic"]}
        self.assertStatus(fin.post(R + "/assignments", assign), 403, "forbidden")
        self.assertStatus(office.post(R + "/assignments", dict(assign, indicators=["org.liaison"])), 422, "invalid")
        self.assertStatus(office.post(R + "/assignments", dict(assign, scorer="nobody")), 422, "invalid")
        self.assertStatus(office.post(R + "/assignments", dict(assign, departments=["nowhere"])), 422, "invalid")
        self.assertStatus(office.post(R + "/assignments", {"scorer": "staff"}), 422, "invalid")
        # before any assignment the scorer sees no sheet and scores nothing
        self.assertEqual(staff.get(R).json()["result"]["sheets"], [])
        self.assertStatus(staff.post(R + "/scores", item), 403, "forbidden")
        r = office.post(R + "/assignments", assign)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["assignments"], [{"scorer": "staff", "indicators": ["org.meeting"],
                                                    "departments": ["nic"]}])

        # the scorer sees the items assigned to it, and nothing else of the sheets
        sheets = staff.get(R).json()["result"]["sheets"]
        self.assertEqual([(s["id"], [i["indicator"] for i in s["items"]]) for s in sheets],
                         [("nic", ["org.meeting"])])
        self.assertNotIn("percent", sheets[0])  # nor the sheet's totals, grade or rank
        self.assertEqual(staff.get(R).json()["assignments"], [assign])
        self.assertEqual(fin.get(R).json()["assignments"], [])

        # and scores them, and nothing else: another department, another indicator
        self.assertStatus(staff.post(R + "/scores", dict(item, subject="finance")), 403, "forbidden")
        self.assertStatus(staff.post(R + "/scores", dict(item, indicator="training.department")), 403, "forbidden")
        self.assertStatus(fin.post(R + "/scores", dict(item, subject="finance")), 403, "forbidden")
        self.assertStatus(staff.post(R + "/scores", dict(item, score=11)), 422, "invalid")
        r = staff.post(R + "/scores", dict(item, comment="纪要齐全"))
        self.assertStatus(r, 200)
        entered = r.json()["result"]["sheets"][0]["items"][0]["entered"]
        self.assertEqual((entered["score"], entered["by"]), (7, "staff"))
        self.assertEqual(audit_objects(self.server, "evaluation.assign"), ["demo/2024/v1"])
        refused = [a for a in json.loads(self.server.zeren("audit", "list", "--format", "json").stdout)
                   if a["action"] == "evaluation.score" and a["object"] == "demo/2024/v1" and not a["success"]]
        self.assertEqual(len(refused), 5)  # every refusal is recorded

        # withdrawn: nothing left to see or score
        self.assertStatus(office.post(R + "/assignments", {"scorer": "staff", "indicators": []}), 200)
        self.assertEqual(staff.get(R).json()["result"]["sheets"], [])
        self.assertStatus(staff.post(R + "/scores", item), 403, "forbidden")

    def test_another_unit_and_bad_ids(self):
        office = self.as_("office")
        self.assertStatus(office.get(U + "/evaluations/abc"), 404, "not_found")
        self.assertStatus(office.get(U + "/evaluations/999999"), 404, "not_found")
        self.assertStatus(office.get("/api/v1/units/other/evaluations"), 403, "out_of_scope")


if __name__ == "__main__":
    unittest.main()
