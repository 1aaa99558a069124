"""A unit's own policy, versioned (issue 12 parts 1, 2 and 4's upload; src/api/policyver.c,
src/core/unitpolicy.c): the office drafts a version that changes the rectification deadline of a
notice from 3 to 5 working days and cites the unit's own clause; a leader approves it from a
date (four eyes: the office cannot); checks before that date keep the shipped rule, checks after
use the unit's. A decided version cannot change; both halves are in the audit log.

The demo (loaded as of 2026-11-21) follows its own version 1, the college's 细则
(data/demo/policy.json), in force since 2024-09-01; the change here is the 2026 amendment of its
第二十一条, version 2. Notice tb-2026-17, received Monday 2026-11-16, is not rectified: 3 working
days end 2026-11-19, 5 end 2026-11-23."""
import copy
import json
import os
import sys
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase, StoreDB  # noqa: E402

U = "/api/v1/units/demo"
SRCDIR = os.environ.get("ZEREN_SRCDIR") or os.path.join(os.path.dirname(__file__), "..", "..")
with open(os.path.join(SRCDIR, "data", "demo", "policy.json"), encoding="utf-8") as fh:
    RULES_V1 = json.load(fh)  # the demo's version 1
RULES_DOC = "《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号）"
OWN_DOC = "《蜀南学院网络安全工作责任制实施细则》（2026年修订）"
VERSION = copy.deepcopy(RULES_V1)
VERSION["title"] = {"zh": "蜀南学院网络安全工作责任制实施细则（2026年修订）"}
NR = next(i for i, r in enumerate(VERSION["rules"]) if r["id"] == "notice.rectification")
VERSION["rules"][NR].update({
    "title": {"zh": "接到通报后5个工作日内完成整改"},
    "params": {"workdays": 5, "lookback_days": 365},
    "citations": [{"document": OWN_DOC, "clause": "第二十一条", "text": "主管部门应当在5个工作日内整改完毕"}]})


def rectification(client, as_of):
    """The notice.rectification findings of the demo as of a day."""
    r = client.get(U + "/findings?as_of=%s&per_page=200" % as_of)
    assert r.status == 200, r
    return [f for f in r.json()["items"] if f["rule"] == "notice.rectification"]


class TestDeadlineChangedByTheUnit(ServerTestCase):
    def audit(self, action):
        db = StoreDB(self.server.data)
        try:
            return db.execute("SELECT account, object, success FROM audit_log WHERE action = ? ORDER BY seq",
                              (action,)).fetchall()
        finally:
            db.close()

    def test_office_drafts_leader_approves_checks_follow_the_date(self):
        office, leader = self.as_("office"), self.as_("leader")
        # Before: the college's 细则, version 1.
        r = office.get(U + "/policy-versions")
        self.assertStatus(r, 200)
        self.assertEqual([(i["version"], i["status"], i["in_force"]) for i in r.json()["items"]], [(1, "approved", True)])
        r = office.get(U + "/policy?as_of=2026-11-21")
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["version"], r.json()["document"]["id"]), (1, "shunan"))
        before = rectification(office, "2026-11-21")
        self.assertEqual(len(before), 1)
        self.assertIn("2026-11-19", before[0]["message"])

        # The office drafts; the leader may not draft.
        self.assertStatus(leader.post(U + "/policy-versions", {"document": VERSION, "reason": "x"}), 403, "forbidden")
        self.assertStatus(office.post(U + "/policy-versions", {"document": VERSION}), 422)
        r = office.post(U + "/policy-versions", {"document": VERSION, "reason": "整改期限改为5个工作日"})
        self.assertStatus(r, 201)
        v = r.json()
        self.assertEqual((v["version"], v["status"], v["drafted_by"], v["in_force"]), (2, "draft", "office", False))
        # A draft changes nothing.
        self.assertEqual(rectification(office, "2026-11-24")[0]["citations"][0]["document"], RULES_DOC)

        # The diff against the version in force: one rule, workdays 3 -> 5.
        r = office.get(U + "/policy-versions/2/diff?as_of=2026-11-21")
        self.assertStatus(r, 200)
        d = r.json()
        self.assertEqual((d["rules"]["added"], d["rules"]["removed"]), ([], []))
        self.assertEqual([c["id"] for c in d["rules"]["changed"]], ["notice.rectification"])
        ch = d["rules"]["changed"][0]
        self.assertEqual((ch["from"]["params"]["workdays"], ch["to"]["params"]["workdays"]), (3, 5))
        self.assertEqual(d["from_version"], 1)

        # The preview: with this version, the finding of 2026-11-21 is gone.
        r = office.get(U + "/policy-versions/2/preview?as_of=2026-11-21")
        self.assertStatus(r, 200)
        p = r.json()
        self.assertEqual([f["rule"] for f in p["gone"]], ["notice.rectification"])
        self.assertEqual(p["added"], [])
        self.assertEqual(p["findings_with"], p["findings_now"] - 1)
        self.assertStatus(self.as_("liaison.nic").get(U + "/policy-versions/2/preview"), 403, "out_of_scope")

        # Four eyes: the office cannot approve (the route is the leader's) and a leader who
        # drafted could not either (the core refuses the author, tested on the CLI).
        self.assertStatus(office.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-11-23"}), 403)
        self.assertStatus(leader.post(U + "/policy-versions/2/approve", {"in_force_from": "23.11.2026"}), 422)
        r = leader.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-11-23", "note": "同意"})
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["status"], r.json()["in_force_from"], r.json()["decided_by"]),
                         ("approved", "2026-11-23", "leader"))

        # Before the date: the 细则's rule, its deadline and its citation.
        f = rectification(office, "2026-11-21")
        self.assertEqual(len(f), 1)
        self.assertIn("2026-11-19", f[0]["message"])
        self.assertEqual((f[0]["citations"][0]["document"], f[0]["citations"][0]["clause"]), (RULES_DOC, "第二十一条"))
        # From the date, the notice received before it keeps its 3 days and the 细则's clause …
        f = rectification(office, "2026-11-24")
        self.assertEqual([(x["notice"], x["since"], x["title"], x["citations"][0]["document"]) for x in f],
                         [("tb-2026-17", "2026-11-20", "接到通报后3个工作日内完成整改", RULES_DOC)])
        self.assertEqual(office.get(U + "/notices/tb-2026-17?as_of=2026-11-24").json()["deadline"], "2026-11-19")
        # … and one received on it has 5 working days (due 2026-11-30), citing the unit's own clause.
        r = office.post(U + "/notices", {"id": "tb-own", "issuer": "西岭市委网信办", "title": "关于邮件系统弱口令的通报",
                                         "systems": [], "received_on": "2026-11-23"})
        self.assertStatus(r, 201)
        self.assertEqual(office.get(U + "/notices/tb-own?as_of=2026-11-24").json()["deadline"], "2026-11-30")
        self.assertEqual([x["notice"] for x in rectification(office, "2026-11-27")], ["tb-2026-17"])
        f = [x for x in rectification(office, "2026-12-01") if x["notice"] == "tb-own"]
        self.assertEqual(len(f), 1)
        self.assertIn("2026-11-30", f[0]["message"])
        self.assertEqual((f[0]["since"], f[0]["title"]), ("2026-12-01", "接到通报后5个工作日内完成整改"))
        self.assertEqual([(c["document"], c["clause"]) for c in f[0]["citations"]], [(OWN_DOC, "第二十一条")])
        # The unit's policy as of each day.
        self.assertEqual(office.get(U + "/policy?as_of=2026-11-22").json()["version"], 1)
        r = office.get(U + "/policy?as_of=2026-11-23")
        self.assertEqual(r.json()["version"], 2)
        rule = next(x for x in r.json()["effective"]["rules"] if x["id"] == "notice.rectification")
        self.assertEqual(rule["params"]["workdays"], 5)
        # Every other rule of the profile is still there.
        self.assertEqual(len(r.json()["effective"]["rules"]),
                         len(office.get(U + "/policy?as_of=2026-11-22").json()["effective"]["rules"]))

        # In force, it cannot change: only a newer version replaces it.
        changed = copy.deepcopy(VERSION)
        changed["rules"][NR]["params"]["workdays"] = 7
        self.assertStatus(office.put(U + "/policy-versions/2", {"document": changed, "reason": "再改"}), 409, "conflict")
        self.assertStatus(leader.post(U + "/policy-versions/2/reject", {"reason": "晚了"}), 409, "conflict")
        self.assertStatus(leader.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-12-01"}), 409)
        # A newer version may not take force before the one approved.
        r = office.post(U + "/policy-versions", {"document": changed, "reason": "7个工作日"})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["version"], 3)
        self.assertStatus(leader.post(U + "/policy-versions/3/approve", {"in_force_from": "2026-11-22"}), 409, "conflict")
        self.assertStatus(leader.post(U + "/policy-versions/3/reject", {"reason": "不同意"}), 200)
        items = office.get(U + "/policy-versions?as_of=2026-11-24").json()["items"]
        self.assertEqual([(i["version"], i["status"], i["in_force"]) for i in items],
                         [(1, "approved", False), (2, "approved", True), (3, "rejected", False)])

        # Both halves are in the audit log, and the refusals too.
        drafts = self.audit("policy.draft")
        self.assertIn(("office", "demo", 0), drafts)  # the one without a reason
        self.assertIn(("office", "demo/policy/2", 1), drafts)
        approvals = self.audit("policy.approve")
        self.assertIn(("leader", "demo/policy/2", 1), approvals)
        self.assertIn(("leader", "demo/policy/3", 0), approvals)


class TestOwnDuty(ServerTestCase):
    def test_a_duty_the_unit_adds_takes_records_once_in_force(self):
        office, leader = self.as_("office"), self.as_("leader")
        doc = {"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "rules": [],
               "obligations": [{"id": "unit.drill.quarterly", "title": {"zh": "每季度应急演练"}, "owner": "org",
                                "rrule": "FREQ=MONTHLY;INTERVAL=3", "period": "quarter", "due": {"day_of_next": 5},
                                "evidence": "演练记录",
                                "citations": [{"document": OWN_DOC, "clause": "第十条", "text": "每季度组织一次应急演练。"}]}],
               "removes": {"rules": ["agreement.expiring"]}}
        record = {"period": "2026-Q3", "done_on": "2026-09-20"}
        path = U + "/obligations/unit.drill.quarterly/records"
        self.assertStatus(office.post(path, record), 404)  # no such duty yet
        self.assertIn("agreement.expiring", [f["rule"] for f in rectification_all(office, "2026-11-21")])
        self.assertStatus(office.post(U + "/policy-versions", {"document": doc, "reason": "增加季度演练"}), 201)
        self.assertStatus(leader.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-01-01"}), 200)
        self.assertStatus(office.post(path, record), 201)
        r = office.get(U + "/obligations?as_of=2026-11-21&per_page=200&obligation=unit.drill.quarterly")
        self.assertStatus(r, 200)
        self.assertIn("2026-Q3", [d["period"] for d in r.json()["items"]])
        # The rule it removes is gone from the findings.
        self.assertNotIn("agreement.expiring", [f["rule"] for f in rectification_all(office, "2026-11-21")])


class TestListsFollowTheVersionOfTheDay(ServerTestCase):
    """A register's status on a day is judged by the policy version in force that day, as that
    day's findings are: version 2 gives a high-severity vulnerability 60 days instead of 30 from
    2026-11-20. ld-2026-003 (high, found 2026-10-12, not fixed) is overdue on 2026-11-15 under
    version 1 (due 2026-11-11) and open on 2026-11-21 under version 2 (due 2026-12-11). Version 2
    also drops the quarterly vulnerability scan and the plan review rule: the duties and findings
    of a day before it still have them."""

    def test_a_day_is_judged_by_the_version_in_force_that_day(self):
        office, leader = self.as_("office"), self.as_("leader")
        doc = copy.deepcopy(RULES_V1)
        fix = next(r for r in doc["rules"] if r["id"] == "vulnerability.fix")
        fix["params"]["days"]["high"] = 60
        doc["obligations"] = [o for o in doc["obligations"] if o["id"] != "vulnscan.quarterly"]
        doc["rules"] = [r for r in doc["rules"] if r["id"] != "plan.review"]
        doc["removes"] = {"obligations": ["vulnscan.quarterly"], "rules": ["plan.review"]}  # the shipped policy's too
        self.assertStatus(office.post(U + "/policy-versions", {"document": doc, "reason": "高危漏洞整改期限改为60日，不再单列季度扫描和预案评审"}), 201)
        self.assertStatus(leader.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-11-20"}), 200)

        def row(as_of):
            r = office.get(U + "/vulnerabilities?as_of=%s" % as_of)
            self.assertStatus(r, 200)
            return next(v for v in r.json()["items"] if v["id"] == "ld-2026-003")

        def overdue_finding(as_of):
            return any(f["rule"] == "vulnerability.fix" and "ld-2026-003" in json.dumps(f, ensure_ascii=False)
                       for f in rectification_all(office, as_of))

        self.assertEqual((row("2026-11-15")["deadline"], row("2026-11-15")["status"]), ("2026-11-11", "overdue"))
        self.assertTrue(overdue_finding("2026-11-15"))
        self.assertEqual((row("2026-11-21")["deadline"], row("2026-11-21")["status"]), ("2026-12-11", "open"))
        self.assertFalse(overdue_finding("2026-11-21"))
        r = office.get(U + "/vulnerabilities?as_of=2026-11-15&status=overdue")
        self.assertStatus(r, 200)
        self.assertIn("ld-2026-003", [v["id"] for v in r.json()["items"]])

        scans = U + "/obligations?obligation=vulnscan.quarterly&as_of="
        r = office.get(scans + "2026-11-15")
        self.assertStatus(r, 200)
        self.assertTrue(r.json()["items"])
        self.assertStatus(office.get(scans + "2026-11-21"), 400, "bad_parameter")
        reviews = U + "/findings?rule=plan.review&as_of="
        r = office.get(reviews + "2026-11-15")
        self.assertStatus(r, 200)
        self.assertTrue(r.json()["items"])
        self.assertStatus(office.get(reviews + "2026-11-21"), 400, "bad_parameter")


def rectification_all(client, as_of):
    r = client.get(U + "/findings?as_of=%s&per_page=200" % as_of)
    assert r.status == 200, r
    return r.json()["items"]


class TestApprovers(ServerTestCase):
    """Who approves is the unit's setting, which the security administrator sets: any leader (by
    default) or only the leaders holding the 组长 or 副组长 seat of its 网络安全领导小组 that day.
    The demo's leader account is 李明远, 副组长 since 2023-07-01; 陈立新 was 副组长 until
    2024-01-15 and gets a leader account here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        out = cls.server.zeren("user", "add", "chenlixin", "--person", "p-chenlixin", "--role", "leader")
        assert out.returncode == 0, out.stderr
        out = cls.server.zeren("user", "passwd", "chenlixin", input="Zr-chen-approves-7\n")
        assert out.returncode == 0, out.stderr
        cls.server.passwords["chenlixin"] = "Zr-chen-approves-7"

    def audit(self, action):
        db = StoreDB(self.server.data)
        try:
            return db.execute("SELECT account, object, success FROM audit_log WHERE action = ? ORDER BY seq",
                              (action,)).fetchall()
        finally:
            db.close()

    def test_the_setting_decides_which_leaders_approve(self):
        office, leader, chen, sec = self.as_("office"), self.as_("leader"), self.as_("chenlixin"), self.as_("secadmin")
        S = U + "/policy-settings"
        for who in ("office", "liaison.nic", "secadmin"):
            r = self.as_(who).get(S)
            self.assertStatus(r, 200)
            self.assertEqual(r.json(), {"org": "demo", "approvers": "leader"})
        self.assertStatus(sec.get("/api/v1/units/nosuch/policy-settings"), 404)
        # 三员: the security administrator sets it; neither the office that drafts nor a leader.
        body = {"approvers": "leading_group", "reason": "由领导小组组长、副组长批准"}
        self.assertStatus(office.put(S, body), 403)
        self.assertStatus(leader.put(S, body), 403)
        r = sec.put(S, {"approvers": "leading_group"})
        self.assertStatus(r, 422)
        self.assertIn("reason", r.json()["error"]["message"])
        r = sec.put(S, {"approvers": "everyone", "reason": "x"})
        self.assertStatus(r, 422)
        self.assertIn("leader or leading_group", r.json()["error"]["message"])
        self.assertEqual(office.get(S).json()["approvers"], "leader")  # the refusals changed nothing
        r = sec.put(S, body)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["approvers"], "leading_group")
        self.assertEqual(office.get(S).json()["approvers"], "leading_group")
        self.assertEqual(self.audit("policy.approvers"), [("secadmin", "demo", 0), ("secadmin", "demo", 0), ("secadmin", "demo", 1)])

        # A leader without a seat now is refused, a 副组长 approves.
        self.assertStatus(office.post(U + "/policy-versions", {"document": VERSION, "reason": "5个工作日"}), 201)
        r = chen.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-11-23"})
        self.assertStatus(r, 403)
        self.assertIn("leading group", r.json()["error"]["message"])
        self.assertEqual(office.get(U + "/policy-versions/2").json()["status"], "draft")
        self.assertStatus(leader.post(U + "/policy-versions/2/approve", {"in_force_from": "2026-11-23"}), 200)
        # Back to any leader: he may approve the next one.
        self.assertStatus(sec.put(S, {"approvers": "leader", "reason": "恢复为单位领导批准"}), 200)
        self.assertStatus(office.post(U + "/policy-versions", {"document": VERSION, "reason": "再版"}), 201)
        r = chen.post(U + "/policy-versions/3/approve", {"in_force_from": "2026-12-01"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["decided_by"], "chenlixin")
        self.assertEqual([(a, o, ok) for a, o, ok in self.audit("policy.approve")],
                         [("leader", "demo/policy/1", 1), ("chenlixin", "demo/policy/2", 0), ("leader", "demo/policy/2", 1),
                          ("chenlixin", "demo/policy/3", 1)])


class TestUnsavedPreview(ServerTestCase):
    """The editor's diff and preview of a document it has not saved: POST …/policy-versions/preview
    compares it with the version in force and previews its findings, and stores nothing."""

    def test_diff_and_findings_of_an_unsaved_document(self):
        office = self.as_("office")
        P = U + "/policy-versions/preview?as_of=2026-11-21"
        r = office.post(P, {"document": VERSION})
        self.assertStatus(r, 200)
        d = r.json()
        changed = d["diff"]["rules"]["changed"]
        self.assertEqual([c["id"] for c in changed], ["notice.rectification"])
        self.assertEqual((changed[0]["from"]["params"]["workdays"], changed[0]["to"]["params"]["workdays"]), (3, 5))
        self.assertEqual(d["diff"]["from_version"], 1)
        self.assertEqual([f["rule"] for f in d["gone"]], ["notice.rectification"])
        self.assertEqual((d["added"], d["findings_with"]), ([], d["findings_now"] - 1))
        # Stored nothing: only the 细则, the findings as before.
        self.assertEqual([i["version"] for i in office.get(U + "/policy-versions").json()["items"]], [1])
        # Bad documents are named; others than the office and leader do not preview.
        bad = copy.deepcopy(VERSION)
        bad["rules"][NR]["params"]["workdays"] = "five"
        r = office.post(P, {"document": bad})
        self.assertStatus(r, 422)
        self.assertIn("$.rules[%d].params" % NR, r.json()["error"]["message"])
        self.assertStatus(office.post(P, {"document": "{}"}), 422)
        self.assertStatus(office.post(P, {}), 422)
        self.assertStatus(self.as_("liaison.nic").post(P, {"document": VERSION}), 403, "out_of_scope")


class TestBadInputAndScope(ServerTestCase):
    def test_errors_name_what_is_wrong_and_change_nothing(self):
        office = self.as_("office")
        before = [i["version"] for i in office.get(U + "/policy-versions").json()["items"]]
        bad = copy.deepcopy(VERSION)
        bad["rules"][NR]["params"]["workdays"] = "five"
        r = office.post(U + "/policy-versions", {"document": bad, "reason": "x"})
        self.assertStatus(r, 422)
        self.assertIn("$.rules[%d].params" % NR, r.json()["error"]["message"])
        no_base = dict(VERSION)
        del no_base["extends"]
        r = office.post(U + "/policy-versions", {"document": no_base, "reason": "x"})
        self.assertStatus(r, 422)
        self.assertIn("extends", r.json()["error"]["message"])
        self.assertStatus(office.post(U + "/policy-versions", {"document": "{}", "reason": "x"}), 422)
        self.assertStatus(office.get(U + "/policy-versions/9"), 404, "not_found")
        self.assertStatus(office.get(U + "/policy-versions/abc"), 422)
        self.assertEqual([i["version"] for i in office.get(U + "/policy-versions").json()["items"]], before)

    def test_another_unit_and_platform_roles(self):
        self.assertStatus(self.as_("office").get("/api/v1/units/other/policy-versions"), 403, "out_of_scope")
        self.assertStatus(self.as_("secadmin").get(U + "/policy-versions"), 403, "forbidden")
        # Everyone of the unit reads its rules.
        self.assertStatus(self.as_("staff").get(U + "/policy"), 200)

    def test_upload_a_regulation_opens_a_draft(self):
        name = "网络安全工作责任制实施细则.txt"
        data = ("网络安全工作责任制实施细则\n"
                "第一条 为落实网络安全工作责任制，制定本细则。\n"
                "第九条 接到网络安全事件通报后，须在5个工作日内完成整改，并将整改落实情况反馈给通报部门。\n"
                "第十条 每年至少组织一次网络安全应急演练。\n").encode("utf-8")
        office = self.as_("office")
        r = office.request("POST", U + "/policy-versions/draft?name=" + quote(name), data=data, content_type="text/plain")
        self.assertStatus(r, 201)
        v = r.json()
        self.assertEqual(v["status"], "draft")
        doc = v["document"]
        self.assertEqual(doc["extends"], "default")
        self.assertIn("draft", doc)
        self.assertTrue(doc["rules"], doc)
        for rule in doc["rules"]:
            self.assertEqual(set(rule["source"]), {"document", "clause", "text"})
            self.assertEqual(rule["source"]["document"], "《网络安全工作责任制实施细则》")
        self.assertIn("第九条", [x["source"]["clause"] for x in doc["rules"]])
        self.assertStatus(self.as_("leader").request("POST", U + "/policy-versions/draft?name=x.txt", data=data,
                                                     content_type="text/plain"), 403, "forbidden")
        self.assertStatus(office.request("POST", U + "/policy-versions/draft?name=x.txt", data=b"\x00\x01",
                                         content_type="application/octet-stream"), 422)

    def test_accountability_clauses_followed(self):
        """The editor sees the accountability clauses a version follows: the unit's own (the demo's
        version cites its 细则 第二十四条), or the shipped profile's when it has none; a regulation
        uploaded with its 责任追究 clauses drafts them."""
        office = self.as_("office")
        r = office.get(U + "/policy?as_of=2026-11-22").json()
        acc = r["effective"]["accountability"]
        self.assertEqual(acc["from"], r["document"]["id"])
        clauses = {c["clause"] for a in acc["clauses"] for c in a["citations"]}
        self.assertTrue(any(x.startswith("第二十四条") for x in clauses), clauses)
        r = office.get(U + "/policy?as_of=1900-01-01").json()
        acc = r["effective"]["accountability"]
        self.assertEqual(acc["from"], "default")
        self.assertNotEqual(r["document"]["id"], office.get(U + "/policy?as_of=2026-11-22").json()["document"]["id"])
        self.assertIn("always", [a["case"] for a in acc["clauses"]])
        data = ("第八条 发生下列情形之一的，追究相关人员责任：\n（一）网站被攻击篡改的；\n（二）瞒报网络安全事件的。\n").encode("utf-8")
        r = office.request("POST", U + "/policy-versions/draft?name=" + quote("追责.txt"), data=data, content_type="text/plain")
        self.assertStatus(r, 201)
        self.assertEqual([(a["case"], a["citations"][0]["clause"]) for a in r.json()["document"]["accountability"]],
                         [("tampered", "第八条(一)"), ("unreported", "第八条(二)")])
        v = office.get(U + "/policy-versions/%d" % r.json()["version"]).json()
        self.assertEqual(v["effective"]["accountability"]["from"], v["document"]["id"])


if __name__ == "__main__":
    unittest.main()
