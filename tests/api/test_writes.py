"""Every write route of `zeren serve --list-routes`, made to succeed once: each call leaves
exactly one audit record, with the account that made it, the action and the object it changed
(DESIGN.md §6: a change is validated, written and audited in one transaction). A route missing
from the table fails the test, so a new write route must say here what it records.

The refusal side (one record per refused call, nothing changed) is tests/api/test_matrix.py's."""
import hashlib
import socketserver
import threading

from harness import ServerTestCase
from test_federation import federated_unit
from test_federation_unit import notice_package, zeren_dir
from test_openapi import list_routes

U = "/api/v1/units/demo"


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP on loopback for a test send to be accepted (no TLS: security none)."""

    def do(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.do("220 sink")
        while True:
            cmd = self.rfile.readline().decode("ascii", "replace").strip().upper()
            if not cmd or cmd.startswith("QUIT"):
                self.do("221 bye")
                return
            if cmd.startswith("DATA"):
                self.do("354 go on")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
            self.do("250 ok")


SMTP = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
SMTP.daemon_threads = True
threading.Thread(target=SMTP.serve_forever, daemon=True).start()
CSV = "date,kind,holiday,holiday_zh\n2031-10-01,off,National Day,国庆节\n"
POLICY = {"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "rules": [
    {"id": "notice.rectification", "kind": "notice_deadline", "severity": "error", "title": {"zh": "5个工作日内整改"},
     "params": {"workdays": 5}, "citations": [{"document": "《蜀南学院网络安全工作责任制实施细则》", "clause": "第九条"}]}]}
# Documents' numbers follow from what they are about (core/documents.h), so the rows can name them.
RL_NIC = "demo-2027-ZRS-0a9e6f69"  # 周海涛 (the office's own person), head of nic, 2027
RL_HR = "demo-2027-ZRS-d148132c"   # 彭涛, head of hr, 2027
NOT_OURS = b"%PDF-1.4 not a document of this platform"
CLINIC_KEY, CLINIC_REPORT = federated_unit()  # a unit running its own zeren: its key and a report
_SUP = zeren_dir("sc-edu", "四川省教育厅")  # the demo's supervisor running its own zeren: its key, a notice
SUP_KEY, SUP_NOTICE = _SUP("report", "key").decode(), notice_package(_SUP, "writes-fed-tb1")

# (method, route pattern, account, path, body, status, action, object), in the order they run:
# a route that needs a record made by an earlier one comes after it. body is JSON, or
# (bytes, content type) for a raw upload. object None: the record names none.
WRITES = [
    ("POST", "/api/v1/session", None, "/api/v1/session", "login:leader", 200, "session.login", "leader"),
    ("PUT", "/api/v1/session/password", "leader", "/api/v1/session/password", "password:leader", 204,
     "account.password", "leader"),
    ("DELETE", "/api/v1/session", "leader", "/api/v1/session", None, 204, "session.logout", "leader"),
    ("POST", "/api/v1/session/calendar", "staff", "/api/v1/session/calendar", None, 200, "account.calendar_token", "staff"),
    ("PUT", "/api/v1/units/{org}", "office", U, {"name": "蜀南学院"}, 200, "unit.update", "demo"),
    ("PUT", "/api/v1/units/{org}/policy", "secadmin", U + "/policy", {"policy": "default"}, 200, "unit.policy", "demo"),
    ("POST", "/api/v1/units/{org}/departments", "office", U + "/departments",
     {"id": "writes", "name": "写入组", "parent": "nic"}, 201, "department.create", "demo/writes"),
    ("PUT", "/api/v1/units/{org}/departments/{id}", "office", U + "/departments/writes", {"name": "写入小组"}, 200,
     "department.update", "demo/writes"),
    ("POST", "/api/v1/units/{org}/people", "office", U + "/people",
     {"id": "p-writes", "name": "写入", "department": "writes", "background_check": None}, 201, "person.create",
     "demo/p-writes"),
    ("PUT", "/api/v1/units/{org}/people/{id}", "liaison.nic", U + "/people/p-writes",
     {"background_check": "2026-11-01"}, 200, "person.update", "demo/p-writes"),
    ("POST", "/api/v1/accounts", "sysadmin", "/api/v1/accounts", {"username": "writes.target", "display_name": "写入测试", "person": "p-writes"},
     201, "account.create", "writes.target"),
    ("PATCH", "/api/v1/accounts/{username}", "sysadmin", "/api/v1/accounts/writes.target", {"display_name": "写入"},
     200, "account.update", "writes.target"),
    ("POST", "/api/v1/accounts/{username}/reset-password", "sysadmin", "/api/v1/accounts/writes.target/reset-password",
     None, 202, "account.reset.request", "writes.target"),
    ("DELETE", "/api/v1/accounts/{username}/sessions", "sysadmin", "/api/v1/accounts/writes.target/sessions", None,
     204, "session.revoke", "writes.target"),
    ("PUT", "/api/v1/accounts/{username}/roles", "sysadmin", "/api/v1/accounts/writes.target/roles",
     {"roles": ["staff"]}, 202, "account.roles.request", "writes.target"),
    ("POST", "/api/v1/account-requests/{id}/approve", "secadmin", "/api/v1/account-requests/{request}/approve", None,
     200, "account.request.approve", "writes.target"),
    ("POST", "/api/v1/account-requests/{id}/reject", "secadmin", "/api/v1/account-requests/{request}/reject", None,
     200, "account.request.reject", "writes.target"),
    ("POST", "/api/v1/units/{org}/bodies", "office", U + "/bodies",
     {"id": "writes-body", "kind": "office", "name": "写入办公室", "leads": []}, 201, "body.create", "demo/writes-body"),
    ("PUT", "/api/v1/units/{org}/bodies/{id}", "office", U + "/bodies/writes-body", {"name": "写入办"}, 200,
     "body.update", "demo/writes-body"),
    ("POST", "/api/v1/units/{org}/appointments", "office", U + "/appointments",
     {"person": "p-writes", "post": "network_admin", "from": "2026-11-01", "acknowledge": True}, 201,
     "appointment.create", "demo/{appointment}"),
    ("POST", "/api/v1/units/{org}/appointments/{id}/end", "office", U + "/appointments/{appointment}/end",
     {"to": "2026-11-20"}, 200, "appointment.end", "demo/{appointment}"),
    ("POST", "/api/v1/units/{org}/appointments/{id}/correct", "office", U + "/appointments/{appointment}/correct",
     {"to": "2026-11-25"}, 200, "appointment.correct", "demo/{appointment}"),
    ("POST", "/api/v1/units/{org}/systems", "liaison.nic", U + "/systems",
     {"id": "writes-sys", "name": "写入系统", "owner_department": "nic", "mlps_level": 2}, 201, "system.create",
     "demo/writes-sys"),
    ("PUT", "/api/v1/units/{org}/systems/{id}", "office", U + "/systems/writes-sys", {"public_website": False}, 200,
     "system.update", "demo/writes-sys"),
    ("POST", "/api/v1/units/{org}/agreements", "office", U + "/agreements",
     {"id": "writes-ag", "kind": "confidentiality", "person": "p-writes", "from": "2026-01-01", "to": "2029-01-01",
      "signed_on": "2025-12-30"}, 201, "agreement.create", "demo/writes-ag"),
    ("PUT", "/api/v1/units/{org}/agreements/{id}", "office", U + "/agreements/writes-ag", {"signed_on": "2025-12-31"},
     200, "agreement.update", "demo/writes-ag"),
    ("POST", "/api/v1/units/{org}/handovers", "office", U + "/handovers",
     {"id": "writes-ho", "person": "p-writes", "post": "network_admin", "left_on": "2026-11-20"}, 201,
     "handover.create", "demo/writes-ho"),
    ("PUT", "/api/v1/units/{org}/handovers/{id}", "office", U + "/handovers/writes-ho", {"completed_on": "2026-11-21"},
     200, "handover.update", "demo/writes-ho"),
    ("POST", "/api/v1/units/{org}/vulnerabilities", "office", U + "/vulnerabilities",
     {"id": "writes-ld", "system": "writes-sys", "title": "写入漏洞", "source": "scan", "severity": "low",
      "found_on": "2026-11-20"}, 201, "vulnerability.create", "demo/writes-ld"),
    ("PUT", "/api/v1/units/{org}/vulnerabilities/{id}", "office", U + "/vulnerabilities/writes-ld",
     {"fixed_on": "2026-11-21"}, 200, "vulnerability.update", "demo/writes-ld"),
    ("POST", "/api/v1/units/{org}/emergency-plans", "office", U + "/emergency-plans",
     {"id": "writes-ya", "title": "写入预案", "approved_on": "2026-11-01"}, 201, "emergency_plan.create", "demo/writes-ya"),
    ("PUT", "/api/v1/units/{org}/emergency-plans/{id}", "office", U + "/emergency-plans/writes-ya",
     {"drills": ["2026-11-20"]}, 200, "emergency_plan.update", "demo/writes-ya"),
    ("POST", "/api/v1/units/{org}/log-sources", "office", U + "/log-sources",
     {"id": "writes-ls", "name": "写入日志源", "kind": "server_log", "retention_days": 180}, 201, "log_source.create",
     "demo/writes-ls"),
    ("PUT", "/api/v1/units/{org}/log-sources/{id}", "office", U + "/log-sources/writes-ls",
     {"checked_on": "2026-11-20"}, 200, "log_source.update", "demo/writes-ls"),
    ("POST", "/api/v1/units/{org}/trainings", "office", U + "/trainings",
     {"id": "writes-px", "title": "写入培训", "held_on": "2026-11-20", "kind": "awareness", "level": "unit", "hours": 2},
     201, "training.create", "demo/writes-px"),
    ("PUT", "/api/v1/units/{org}/trainings/{id}", "office", U + "/trainings/writes-px",
     {"attendees": [{"person": "p-zhaolei"}]}, 200, "training.update", "demo/writes-px"),
    ("POST", "/api/v1/units/{org}/projects", "office", U + "/projects",
     {"id": "writes-xm", "name": "写入项目", "budget": 1000000, "security_budget": 50000, "approved_on": "2026-11-01"},
     201, "project.create", "demo/writes-xm"),
    ("PUT", "/api/v1/units/{org}/projects/{id}", "office", U + "/projects/writes-xm",
     {"started_on": "2026-11-10", "security_planned": True}, 200, "project.update", "demo/writes-xm"),
    ("POST", "/api/v1/units/{org}/rectifications", "office", U + "/rectifications",
     {"id": "writes-zg", "rule": "system.mlps", "subject": "system:cwxt", "title": "写入整改", "department": "nic",
      "assigned_on": "2026-11-20"}, 201, "rectification.create", "demo/writes-zg"),
    ("PUT", "/api/v1/units/{org}/rectifications/{id}", "liaison.nic", U + "/rectifications/writes-zg",
     {"rectified_on": "2026-11-21", "rectification": "已整改"}, 200, "rectification.update", "demo/writes-zg"),
    ("POST", "/api/v1/units/{org}/evidence", "liaison.nic", U + "/evidence?name=writes.txt",
     (b"zeren writes test\n", "text/plain"), 201, "evidence.upload", "demo/{sha256}"),
    ("POST", "/api/v1/units/{org}/obligations/{obligation}/records", "liaison.nic",
     U + "/obligations/selfcheck.semiannual/records",
     {"period": "2026-H1", "department": "nic", "done_on": "2026-06-20", "evidence": ["{sha256}"]}, 201,
     "obligation.record", "demo/selfcheck.semiannual/2026-H1/nic"),
    ("POST", "/api/v1/units/{org}/incidents", "office", U + "/incidents",
     {"id": "writes-inc", "system": "writes-sys", "title": "写入事件", "category": "其他", "grade": "general",
      "occurred_at": "2026-11-20T08:00:00+08:00"}, 201, "incident.create", "demo/writes-inc"),
    ("PUT", "/api/v1/units/{org}/incidents/{id}", "office", U + "/incidents/writes-inc",
     {"resolved_at": "2026-11-20T09:00:00+08:00"}, 200, "incident.update", "demo/writes-inc"),
    ("POST", "/api/v1/units/{org}/notices", "office", U + "/notices",
     {"id": "writes-tb", "issuer": "上级", "title": "写入通报", "systems": ["writes-sys"], "received_on": "2026-11-18"},
     201, "notice.create", "demo/writes-tb"),
    ("PUT", "/api/v1/units/{org}/notices/{id}", "office", U + "/notices/writes-tb", {"rectified_on": "2026-11-19"}, 200,
     "notice.update", "demo/writes-tb"),
    ("POST", "/api/v1/units/{org}/evaluations", "office", U + "/evaluations", {"year": 2025}, 201,
     "evaluation.open", "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/evaluations/{id}/scores", "office", U + "/evaluations/{round}/scores",
     {"kind": "department", "subject": "nic", "indicator": "org.meeting", "score": 9, "comment": "纪要齐全",
      "evidence": ["{sha256}"]}, 200, "evaluation.score", "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/evaluations/{id}/assignments", "office", U + "/evaluations/{round}/assignments",
     {"scorer": "staff", "indicators": ["org.meeting"], "departments": ["nic"]}, 200, "evaluation.assign",
     "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/evaluations/{id}/release", "office", U + "/evaluations/{round}/release", {}, 200,
     "evaluation.release", "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/evaluations/{id}/objections", "liaison.nic", U + "/evaluations/{round}/objections",
     {"department": "nic", "reason": "会议纪要已提交"}, 200, "evaluation.object", "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/evaluations/{id}/objections/{department}/resolve", "office",
     U + "/evaluations/{round}/objections/nic/resolve", {"answer": "维持原评分"}, 200, "evaluation.resolve",
     "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/evaluations/{id}/publish", "leader", U + "/evaluations/{round}/publish", {}, 200,
     "evaluation.publish", "demo/2025/v1"),
    ("POST", "/api/v1/units/{org}/documents", "office", U + "/documents",
     {"kind": "responsibility_letter", "person": "p-zhouhaitao", "date": "2026-12-20", "year": 2027}, 201,
     "doc.generate", RL_NIC),
    ("PATCH", "/api/v1/units/{org}/documents/{number}", "office", U + "/documents/" + RL_NIC, {"status": "sent"}, 200,
     "doc.status", RL_NIC),
    ("POST", "/api/v1/units/{org}/documents/{number}/sign", "office", U + "/documents/%s/sign" % RL_NIC,
     {"password": "Zeren-Demo-2026"}, 200, "doc.sign", RL_NIC),
    ("POST", "/api/v1/units/{org}/documents", "office", U + "/documents",
     {"kind": "responsibility_letter", "person": "p-pengtao", "date": "2026-12-20", "year": 2027}, 201,
     "doc.generate", RL_HR),
    ("POST", "/api/v1/units/{org}/documents/{number}/scan", "office", U + "/documents/%s/scan?name=scan.pdf" % RL_HR,
     (b"%PDF-1.4 a signed scan", "application/pdf"), 200, "doc.sign", RL_HR),
    ("POST", "/api/v1/units/{org}/campaigns", "office", U + "/campaigns",
     {"kind": "key_post_security", "year": 2026, "date": "2026-11-21"}, 201, "doc.campaign", "demo"),
    ("POST", "/api/v1/units/{org}/campaigns/{id}/send", "office", U + "/campaigns/demo-2026-key_post_security/send",
     None, 200, "doc.campaign.send", "demo-2026-key_post_security"),
    ("POST", "/api/v1/units/{org}/campaigns/{id}/close", "office", U + "/campaigns/demo-2026-key_post_security/close",
     None, 200, "doc.campaign.close", "demo-2026-key_post_security"),
    ("POST", "/api/v1/verify", "staff", "/api/v1/verify", (NOT_OURS, "application/pdf"), 200, "doc.verify",
     hashlib.sha256(NOT_OURS).hexdigest()),
    ("POST", "/api/v1/units/{org}/templates/{kind}/preview", "office", U + "/templates/network_access/preview",
     {"person": "p-qiumin", "date": "2026-12-20", "template": {"title": "{unit}联网承诺书", "blocks": [{"p": "本人承诺。"}]}},
     200, "doc.template.preview", "demo/network_access"),
    ("POST", "/api/v1/supervision/notices", "supervisor", "/api/v1/supervision/notices",
     {"id": "writes-xw", "document_no": "西网信通〔2026〕99号", "title": "写入下发通报", "units": ["demo", "xl-school"],
      "received_on": "2026-11-18", "working_days": 5}, 201, "supervision.notice.send", "xiling/writes-xw"),
    ("POST", "/api/v1/supervision/inspections", "supervisor", "/api/v1/supervision/inspections",
     {"id": "writes-jc", "unit": "xl-school", "on": "2026-11-18", "scope": "写入检查",
      "items": [{"title": "写入问题", "department": "xs-info", "working_days": 5}]}, 201, "supervision.inspection.add",
     "xl-school/writes-jc"),
    ("POST", "/api/v1/supervision/keys", "supervisor", "/api/v1/supervision/keys",
     {"org": "xl-clinic", "name": "西岭市第二诊所", "key": CLINIC_KEY}, 201, "federation.key", "xl-clinic"),
    ("POST", "/api/v1/supervision/reports", "supervisor", "/api/v1/supervision/reports",
     (CLINIC_REPORT, "application/octet-stream"), 201, "report.import", "xl-clinic"),
    # The unit's side of federation: its supervisor's key, a notice package from it, its report up.
    ("POST", "/api/v1/units/{org}/federation/keys", "office", U + "/federation/keys",
     {"org": "sc-edu", "name": "四川省教育厅", "key": SUP_KEY}, 201, "federation.key", "sc-edu"),
    ("POST", "/api/v1/units/{org}/federation/notices", "office", U + "/federation/notices",
     (SUP_NOTICE, "application/octet-stream"), 201, "notice.import", "demo"),
    ("POST", "/api/v1/units/{org}/federation/report", "office", U + "/federation/report",
     {"to": "sc-edu", "as_of": "2026-11-21", "include": ["organizations"]}, 200, "report.export", "demo"),
    ("POST", "/api/v1/calendar/days", "sysadmin", "/api/v1/calendar/days", (CSV.encode(), "text/csv"), 200,
     "calendar.import", "calendar"),
    ("POST", "/api/v1/import", "office", "/api/v1/import",
     {"format": "zeren/v1", "people": [{"id": "p-writes2", "name": "写入二", "org": "demo", "department": "nic",
                                        "background_check": None}]}, 200, "import", "demo"),
    # The unit's own policy (the demo's version 1 is its 细则): the office drafts, edits; the leader approves one, rejects another.
    ("POST", "/api/v1/units/{org}/policy-versions", "office", U + "/policy-versions",
     {"document": POLICY, "reason": "整改期限改为5个工作日"}, 201, "policy.draft", "demo/policy/2"),
    ("PUT", "/api/v1/units/{org}/policy-versions/{version}", "office", U + "/policy-versions/2",
     {"document": POLICY, "reason": "整改期限改为5个工作日（修订）"}, 200, "policy.edit", "demo/policy/2"),
    ("POST", "/api/v1/units/{org}/policy-versions/{version}/approve", "leader", U + "/policy-versions/2/approve",
     {"in_force_from": "2026-11-23"}, 200, "policy.approve", "demo/policy/2"),
    ("POST", "/api/v1/units/{org}/policy-versions/draft", "office", U + "/policy-versions/draft?name=reg.txt",
     ("第九条 接到网络安全事件通报后，须在5个工作日内完成整改。\n".encode(), "text/plain"), 201, "policy.draft",
     "demo/policy/3"),
    ("POST", "/api/v1/units/{org}/policy-versions/{version}/reject", "leader", U + "/policy-versions/3/reject",
     {"reason": "不采用"}, 200, "policy.reject", "demo/policy/3"),
    # Who approves (the security administrator's); the editor's preview of an unsaved document
    # writes nothing, but as a POST it is recorded like every other.
    ("PUT", "/api/v1/units/{org}/policy-settings", "secadmin", U + "/policy-settings",
     {"approvers": "leading_group", "reason": "由网络安全领导小组组长、副组长批准"}, 200, "policy.approvers", "demo"),
    ("POST", "/api/v1/units/{org}/policy-versions/preview", "office", U + "/policy-versions/preview?as_of=2026-11-21",
     {"document": POLICY}, 200, "policy.preview", "demo"),
    ("PUT", "/api/v1/units/{org}/notify/channels/{channel}", "sysadmin", U + "/notify/channels/mail",
     {"settings": {"host": "127.0.0.1", "port": SMTP.server_address[1], "security": "none", "from": "zeren@example.cn"}},
     200, "notify.channel", "demo/mail"),
    ("POST", "/api/v1/units/{org}/notify/channels/{channel}/test", "sysadmin", U + "/notify/channels/mail/test",
     {"to": "writes@example.cn"}, 200, "notify.test", "demo/mail"),
    ("PUT", "/api/v1/units/{org}/people/{id}/notify-prefs", "office", U + "/people/p-writes/notify-prefs",
     {"email": "writes@example.cn"}, 200, "notify.pref", "p-writes"),
    ("PUT", "/api/v1/me/notify-prefs", "staff", "/api/v1/me/notify-prefs", {"quiet_from": "22:00", "quiet_to": "07:00"},
     200, "notify.pref", "p-qiumin"),
    ("POST", "/api/v1/me/notifications/{id}/read", "staff", "/api/v1/me/notifications/1/read", None, 200,
     "notification.read", "p-qiumin/1"),
    ("POST", "/api/v1/me/notifications/read", "staff", "/api/v1/me/notifications/read", None, 200,
     "notification.read", "p-qiumin"),
    # 字典管理, 参数设置, 通知公告 (the office's, for its own unit)
    ("PUT", "/api/v1/units/{org}/dictionary/{list}", "office", U + "/dictionary/incident_category",
     {"value": "钓鱼邮件", "sort": 10}, 200, "dict.put", "demo/incident_category/钓鱼邮件"),
    ("PUT", "/api/v1/units/{org}/settings/{key}", "office", U + "/settings/announce.days", {"value": 14}, 200,
     "setting.put", "demo/announce.days"),
    ("POST", "/api/v1/units/{org}/announcements", "office", U + "/announcements?as_of=2026-11-21",
     {"title": "写入测试公告", "body": "正文"}, 201, "announcement.add", "demo/announcement/1"),
    ("PUT", "/api/v1/units/{org}/announcements/{id}", "office", U + "/announcements/1?as_of=2026-11-21",
     {"title": "写入测试公告", "body": "正文", "status": "published"}, 200, "announcement.publish", "demo/announcement/1"),
]


class EveryWriteAudited(ServerTestCase):
    def score_the_rest(self, round_path):
        """The manual items the table's one score row leaves: scored before the release row counts."""
        office = self.as_("office")
        for sheet in office.get(round_path).json()["result"]["sheets"]:
            for item in sheet["items"]:
                if item["scoring"] == "manual" and item["score"] is None:
                    r = office.post(round_path + "/scores", {"kind": sheet["kind"], "subject": sheet["id"],
                                                             "indicator": item["indicator"], "score": item["marks"]})
                    self.assertEqual(r.status, 200, r)

    def test_the_table_names_every_write_route(self):
        routes = {(m, p) for m, p, _, _ in list_routes() if m != "GET"}
        table = {(m, p) for m, p, *_ in WRITES}
        self.assertEqual(routes - table, set(), "write routes this test does not make")
        self.assertEqual(table - routes, set(), "rows for routes the server does not have")

    def test_each_write_leaves_one_record(self):
        known = {}  # values later rows use: {appointment}, {sha256}, {request}
        fresh = self.server.client("leader")  # signed in, to be signed out by the DELETE row
        for method, pattern, who, path, body, status, action, obj in WRITES:
            with self.subTest(route="%s %s" % (method, pattern)):
                for k, v in known.items():
                    path = path.replace("{%s}" % k, v)
                    obj = obj.replace("{%s}" % k, v) if obj else obj
                    if isinstance(body, dict):
                        body = {key: ([v if x == "{%s}" % k else x for x in val] if isinstance(val, list) else val)
                                for key, val in body.items()}
                session_row = who == "leader" and pattern.startswith("/api/v1/session")
                if who and not session_row:
                    self.as_(who)  # signed in before the count starts
                before = self.server.audit_last()
                if body == "login:leader":
                    c = self.server.anonymous()
                    r = c.login("leader", self.server.passwords["leader"])
                    actor = "leader"
                elif body == "password:leader":
                    c = fresh
                    new = "Zr-writes-%d-9a" % before
                    r = c.put(path, {"old_password": self.server.passwords["leader"], "new_password": new})
                    if r.status == 204:
                        self.server.passwords["leader"] = new
                    actor = "leader"
                else:
                    # fresh: the leader's session the session rows sign in and out; later rows sign in anew.
                    c = fresh if session_row else self.as_(who)
                    if pattern.endswith("/release"):
                        self.score_the_rest(path.rsplit("/", 1)[0])
                        before = self.server.audit_last()
                    actor = who
                    if isinstance(body, tuple):
                        r = c.request(method, path, data=body[0], content_type=body[1])
                    else:
                        r = c.request(method, path, json_body=body)
                self.assertEqual(r.status, status, r)
                rows = self.server.audit_rows(before)
                if pattern.endswith("/appointments") and method == "POST":
                    known["appointment"] = r.json()["appointment"]["id"]
                if pattern.endswith("/evidence"):
                    known["sha256"] = r.json()["sha256"]
                if pattern.endswith("/evaluations"):
                    known["round"] = str(r.json()["id"])
                if obj:
                    obj = obj.replace("{appointment}", known.get("appointment", "?"))
                    obj = obj.replace("{sha256}", known.get("sha256", "?"))
                self.assertEqual([(a, act, o, s) for _, a, act, o, s in rows], [(actor, action, obj, 1)])
                if pattern.endswith("/roles"):
                    # Two requests: the approve row decides the first, the reject row the second.
                    known["request"] = str(r.json()["request"]["id"])
                    r2 = c.request(method, path, json_body={"roles": ["leader"]})
                    self.assertEqual(r2.status, 202, r2)
                    known["second"] = str(r2.json()["request"]["id"])
                if pattern.endswith("/approve"):
                    known["request"] = known["second"]
