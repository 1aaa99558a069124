#!/bin/bash
# A unit's own policy versions (issue 12 parts 1, 2): zeren policy import stores a draft,
# activate puts it in force from a date — not by the one who drafted it (four eyes, cli:$USER) —
# and checks before and after that date follow the right version and cite the right clause. A
# notice is judged by the version in force the day it came: the demo's tb-2026-17 (Monday
# 2026-11-16, not rectified) keeps the shipped 3 working days after the change; tb-own, which
# comes on its first day, gets the unit's 5. A version in force cannot change; a unit without a
# version behaves as before; every step is in the audit log. The demo's version 1 is the college's
# 细则 (data/demo/policy.json); the change here is its 2026 amendment of 第二十一条, version 2.
. "$(dirname "$0")/lib.sh"
plan 44

z demo --as-of "$DEMO_ON" >/dev/null || die "demo"
z policy export demo 1 >"$T/v0.json" || die "export the demo's version 1"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["title"] = {"zh": "蜀南学院网络安全工作责任制实施细则（2026年修订）"}
r = next(r for r in d["rules"] if r["id"] == "notice.rectification")
r["title"] = {"zh": "接到通报后5个工作日内完成整改"}
r["params"]["workdays"] = 5
r["citations"] = [{"document": "《蜀南学院网络安全工作责任制实施细则》（2026年修订）", "clause": "第二十一条",
                   "text": "主管部门应当在5个工作日内整改完毕"}]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' "$T/v0.json" "$T/v1.json"

z check --as-of 2026-11-24 --format json >"$T/before.json"
ok "a unit without versions: list says so" expect_exit 0 z policy list --org xl-school
ok "… and says so in words" expect_grep "no unit policy versions" "$OUT"
ok "export without a version gives the shipped profile" expect_exit 0 z policy export xl-school
is "… default" "default" "$(json "$OUT" 'd["id"]')"

# Bad input: named, nothing stored.
echo '{"format": "zeren-policy/v1", "id": "x", "rules": []}' >"$T/nobase.json"
ok "a version without extends is refused" expect_exit 2 z policy import demo "$T/nobase.json" --reason r
ok "… naming \$.extends" expect_grep '\$\.extends' "$ERR"
ok "a version needs a reason" expect_exit 2 z policy import demo "$T/v1.json"
sed 's/"workdays": 5/"workdays": "five"/' "$T/v1.json" >"$T/bad.json"
ok "a bad parameter is refused" expect_exit 2 z policy import demo "$T/bad.json" --reason r
ok "… naming its path" expect_grep '\$\.rules\[[0-9]+\]\.params' "$ERR"
ok "an unknown unit is refused" expect_exit 2 z policy import nosuch "$T/v1.json" --reason r
z policy list --format json >"$T/l0.json"
is "nothing was stored: the 细则 alone" "[1]" "$(json "$T/l0.json" '[v["version"] for v in d]')"

# The office drafts.
ok "import stores a draft" expect_exit 0 env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/v1.json" --reason 整改期限改为5个工作日
ok "… version 2" expect_grep "version 2 of demo" "$OUT"
ok "diff against the version in force" expect_exit 0 z policy diff demo 2 --as-of 2026-11-21
ok "… shows workdays 3 -> 5" expect_grep '^~ rule notice.rectification  params .*"workdays":3.* -> .*"workdays":5' "$OUT"
ok "export 2 gives the stored text back" expect_exit 0 z policy export demo 2
is "… the same document" "$(json "$T/v1.json" 'd')" "$(json "$OUT" 'd')"

# Four eyes.
ok "the one who drafted cannot activate" expect_exit 2 env USER=office "$ZEREN" --data "$T/data" policy activate demo 2 --from 2026-11-23
ok "… four eyes" expect_grep "four eyes" "$ERR"
ok "activate needs --from" expect_exit 2 env USER=leader "$ZEREN" --data "$T/data" policy activate demo 2
ok "another activates from 2026-11-23" expect_exit 0 env USER=leader "$ZEREN" --data "$T/data" policy activate demo 2 --from 2026-11-23 --reason 同意

# Before and after the date of force. rect FILE NOTICE: due day, since and the clause cited.
rect() {
	json "$1" '" ".join(f["message"][f["message"].index("应于") + 2:][:10] + "|" + f["since"] + "|" + f["citations"][0]["document"][-4:] + f["citations"][0]["clause"] for f in d["findings"] if f["rule"] == "notice.rectification" and f["notice"] == "'"$2"'")'
}
cat >"$T/own.json" <<'JSON'
{"format": "zeren/v1", "notices": [{"id": "tb-own", "org": "demo", "issuer": "西岭市委网信办",
  "document_no": "西网信通〔2026〕19号", "title": "关于邮件系统弱口令的通报", "systems": [],
  "received_on": "2026-11-23", "rectified_on": null, "feedback_on": null}]}
JSON
z check --as-of 2026-11-21 --format json >"$T/c21.json"
is "before: the 细则's 3 days and its 第二十一条" "2026-11-19|2026-11-20|21号）第二十一条" "$(rect "$T/c21.json" tb-2026-17)"
z check --as-of 2026-11-24 --format json >"$T/c24.json"
is "after: a notice of before the change keeps its 3 days and the 细则's clause" "2026-11-19|2026-11-20|21号）第二十一条" "$(rect "$T/c24.json" tb-2026-17)"
ok "a notice comes on the first day of the version" expect_exit 0 z import "$T/own.json"
z check --as-of 2026-11-27 --format json >"$T/c27.json"
is "… 3 working days later it is not late: it has 5" "" "$(rect "$T/c27.json" tb-own)"
z check --as-of 2026-12-01 --format json >"$T/c01.json"
is "… late from 2026-12-01, citing the amended 第二十一条" "2026-11-30|2026-12-01|年修订）第二十一条" "$(rect "$T/c01.json" tb-own)"
is "… while the earlier one still cites the 细则 as it was" "2026-11-19|2026-11-20|21号）第二十一条" "$(rect "$T/c01.json" tb-2026-17)"
z notice list --as-of 2026-12-01 --format json >"$T/n01.json"
is "the notice list gives each its own deadline" "tb-2026-17 2026-11-19|tb-own 2026-11-30" \
	"$(json "$T/n01.json" '"|".join(n["id"] + " " + n["due_on"] for n in d if n["id"] in ("tb-2026-17", "tb-own"))')"
is "every other finding is unchanged" \
	"$(json "$T/before.json" 'sorted(json.dumps(f, sort_keys=True) for f in d["findings"] if f["rule"] != "notice.rectification")')" \
	"$(json "$T/c24.json" 'sorted(json.dumps(f, sort_keys=True) for f in d["findings"] if f["rule"] != "notice.rectification")')"
ok "show as of the day names version 2" expect_exit 0 z policy show demo --as-of 2026-11-23
ok "… in force" expect_grep "version 2" "$OUT"

# In force: replaced, never changed.
ok "an approved version cannot be activated again" expect_exit 2 env USER=boss "$ZEREN" --data "$T/data" policy activate demo 2 --from 2026-12-01
ok "… nor rejected" expect_exit 2 z policy reject demo 2 --reason 不要了
refused_by_db() { ! store_sql "$T/data" "UPDATE policy_version SET document = '{}' WHERE org = 'demo' AND version = 2" 2>"$ERR"; }
ok "the database itself refuses to change it" refused_by_db

# A newer version replaces it from a later day; it may also drop a rule of the base.
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["rules"] = [r for r in d["rules"] if r["id"] != "agreement.expiring"]
d["removes"] = {"rules": ["agreement.expiring"]}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
d["removes"] = {"rules": ["no.such.rule"]}
json.dump(d, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)' "$T/v1.json" "$T/v2.json" "$T/v2bad.json"
ok "removing a rule the base lacks is refused" expect_exit 2 env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/v2bad.json" --reason r
ok "… naming it" expect_grep "removes.rules\[0\].*no.such.rule" "$ERR"
ok "version 3 drafted" expect_exit 0 env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/v2.json" --reason 不再提醒协议到期
ok "diff 3 against 2: one rule removed" expect_exit 0 z policy diff demo 3 --against 2
is "… only that" "- rule agreement.expiring" "$(grep '^[-+~] ' "$OUT")"
ok "version 3 activated from 2026-11-25" expect_exit 0 env USER=leader "$ZEREN" --data "$T/data" policy activate demo 3 --from 2026-11-25
z check --as-of 2026-11-24 --format json >"$T/c24b.json"
z check --as-of 2026-11-25 --format json >"$T/c25.json"
is "the day before, version 2 still warns of the expiring agreement" "1" \
	"$(json "$T/c24b.json" 'sum(f["rule"] == "agreement.expiring" for f in d["findings"])')"
is "from 2026-11-25, version 3: no such warning" "0" \
	"$(json "$T/c25.json" 'sum(f["rule"] == "agreement.expiring" for f in d["findings"])')"
z check --as-of 2026-12-01 --format json >"$T/c01b.json"
is "under version 3 each notice keeps the deadline and clause of the day it came" \
	"2026-11-19|2026-11-20|21号）第二十一条 2026-11-30|2026-12-01|年修订）第二十一条" "$(rect "$T/c01b.json" tb-2026-17) $(rect "$T/c01b.json" tb-own)"

z audit list --format json >"$T/audit.json"
is "both halves and the refusals are in the audit log" "cli:office policy.draft True|cli:office policy.approve False|cli:leader policy.approve True|cli:boss policy.approve False" \
	"$(json "$T/audit.json" '"|".join("%s %s %s" % (r["account"], r["action"], r["success"]) for r in d if r["action"].startswith("policy.") and r["action"] != "policy.reject" and r["object"] == "demo/policy/2")')"
finish
