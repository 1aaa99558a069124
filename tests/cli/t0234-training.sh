#!/bin/bash
# Training (培训, issue 19): the zeren/v1 section round-trips with each session's attendees, bad
# records are refused naming the field and change nothing, training.hours asks 8 学时 a year of
# each key-post holder (the demo's 姜涛 is short) and training.certificate a certificate of the
# security and network administrators; the history keeps the sessions. A department's own session
# does its yearly dept_training.annual ("done_by": "training_department").
. "$(dirname "$0")/lib.sh"
plan 34
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings DATE RULE: RULE's findings as of DATE, "person@since:count"
	z check --org demo --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["subject"]["id"] + "@" + str(f["since"])
		for f in d["findings"] if f["rule"] == "'"$2"'"))'
}
msgs() { # msgs KEY: the findings' messages into $T/m, for grep
	json "$T/check.json" '"\n".join(f["'"$1"'"] for f in d["findings"])' > "$T/m"
	echo "$T/m"
}

is "demo: 姜涛 is short of his hours since he took his post" "p-jiangtao@2024-09-01" "$(findings $DEMO_ON training.hours)"
ok "… said in Chinese" expect_grep "姜涛（系统管理员）截至2026-11-21的一年内参加网络安全培训2学时，少于要求的8学时" "$(msgs message)"
ok "… and in English" expect_grep "姜涛 .System administrator. attended 2 class hours of security training in the year to 2026-11-21, fewer than the 8 required" "$(msgs message_en)"
is "… citing the college's own clause" "第十一条(五)" \
	"$(json "$T/check.json" '" ".join(c["clause"] for f in d["findings"] if f["rule"] == "training.hours" for c in f["citations"])')"
is "the administrators hold their certificates" "" "$(findings $DEMO_ON training.certificate)"
is "before the 2025 course none of the administrators then had one" "p-qianwei@2020-03-01 p-sunqian@2021-03-01 p-wuyue@2024-03-01 p-zhaolei@2021-03-01 p-zhenghao@2017-12-10" \
	"$(findings 2025-07-13 training.certificate)"
ok "… said so" expect_grep "孙倩担任安全管理员，未登记培训合格证书（持证上岗）" "$(msgs message)"

z export > "$T/a.json" || die "export"
is "export carries the four sessions" "px-2025-cisp px-2026-03 px-2026-09 px-2026-lib" "$(json "$T/a.json" '" ".join(t["id"] for t in d["trainings"])')"
is "… with their attendees" '{"certificate": null, "hours": 2, "person": "p-jiangtao"}' \
	"$(json "$T/a.json" '[t for t in d["trainings"] if t["id"] == "px-2026-03"][0]["attendees"][-1]')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with trainings" cmp -s "$T/a.json" "$T/b.json"

training_doc() { # training_doc FILE ID FIELDS-JSON: the stored session ID with FIELDS laid over it
	python3 - "$T/a.json" "$2" "$3" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = [t for t in d["trainings"] if t["id"] == sys.argv[2]][0]
t.update(json.loads(sys.argv[3]))
json.dump({"format": "zeren/v1", "trainings": [t]}, sys.stdout, ensure_ascii=False)
PY
}
training_doc "$T/make-up.json" px-2026-03 '{"attendees": [{"person": "p-jiangtao", "hours": 6, "certificate": null}]}'
ok "a session's attendees replaced" expect_exit 0 z import "$T/make-up.json"
short() { # short DATE: training.hours's findings of 姜涛, 赵磊 and 陈晨 as of DATE
	findings "$1" training.hours | tr ' ' '\n' | grep -E '^p-(jiangtao|zhaolei|chenchen)@' | tr '\n' ' ' | sed 's/ $//'
}
is "… 姜涛's 6 学时 are short still; 赵磊 since his 2025 course left the year, 陈晨 as long as he holds the post" \
	"p-chenchen@2020-07-01 p-jiangtao@2024-09-01 p-zhaolei@2026-07-14" "$(short $DEMO_ON)"
training_doc "$T/lecture.json" px-2026-09 '{"attendees": [{"person": "p-jiangtao", "hours": null, "certificate": null}]}'
z import "$T/a.json" >/dev/null && z import "$T/lecture.json" >/dev/null || die "lecture"
findings $DEMO_ON training.hours >/dev/null
ok "an attendee without hours has the whole session's: 2 + 4 = 6 学时" expect_grep "姜涛（系统管理员）截至2026-11-21的一年内参加网络安全培训6学时" "$(msgs message)"
z import "$T/a.json" >/dev/null || die "restore"
is "a year after the March session the others fall short, from its 365th day" \
	"p-chenchen@2027-03-20 p-fengxue@2027-03-20 p-jiangtao@2024-09-01 p-linfeng@2027-03-20 p-luojing@2027-03-20 p-machao@2027-03-20 p-shenjia@2027-03-20 p-sunqian@2027-03-20 p-zhaolei@2027-03-20 p-zhenghao@2027-03-20 p-zhouhaitao@2027-03-20" \
	"$(findings 2027-03-20 training.hours)"
is "… not the day before" "p-jiangtao@2024-09-01" "$(findings 2027-03-19 training.hours)"

dept_duty() { # dept_duty DATE DEPT: status and done_on of DEPT's 2026 dept_training.annual as of DATE
	z obligations --org demo --as-of "$1" --format json > "$T/duties.json"
	json "$T/duties.json" '" ".join(str(x["status"]) + "@" + str(x["done_on"]) for x in d
		if x["obligation"] == "dept_training.annual" and x["period"] == "2026" and x["department"] == "'"$2"'")'
}
overdue_depts() { # overdue_depts DATE: the departments whose dept_training.annual is overdue as of DATE
	z check --org demo --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["subject"]["id"] for f in d["findings"]
		if f["rule"] == "obligation.overdue" and "dept_training.annual" in f["message_en"] + f["message"] + str(f.get("obligation"))))'
}
is "the library's own session (2026-05-12) does its yearly departmental training" "done@2026-05-12" "$(dept_duty $DEMO_ON library)"
is "a department without a session of its own has it open" "open@None" "$(dept_duty $DEMO_ON nic)"
is "after the year every department but the library is overdue" "academic card cs finance hr logistics media nic office publicity" \
	"$(overdue_depts 2027-01-10)"
z evaluation open --org demo --year 2026 >/dev/null || die "evaluation"
trained() { # trained DEPT: the 2026 score of DEPT's training.department and the days that earned it
	z evaluation show --org demo --year 2026 --department "$1" --format json > "$T/s.json"
	json "$T/s.json" '" ".join(" ".join([str(i["score"])] + [c["done_on"] for c in i["causes"]]) for i in d["items"]
		if i["indicator"] == "training.department")'
}
is "the evaluation gives the library its training marks for its own session" "10.0 2026-05-12" "$(trained library)"
is "… and none to a department without one" "0.0" "$(trained nic)"
training_doc "$T/unit-level.json" px-2026-lib '{"level": "unit", "department": null}'
z import "$T/unit-level.json" >/dev/null || die "unit-level"
is "a unit-level session does not do a department's duty" "open@None" "$(dept_duty $DEMO_ON library)"
ok "… and the library is overdue after the year" expect_grep "library" "$(overdue_depts 2027-01-10 | tr ' ' '\n' > "$T/o"; echo "$T/o")"
training_doc "$T/last-year.json" px-2026-lib '{"held_on": "2025-12-20"}'
z import "$T/last-year.json" >/dev/null || die "last-year"
is "a session held in the year before does not do this year's" "open@None" "$(dept_duty $DEMO_ON library)"
training_doc "$T/other-dept.json" px-2026-lib '{"department": "nic"}'
z import "$T/other-dept.json" >/dev/null || die "other-dept"
is "a session held by another department does it for that department only" "done@2026-05-12 open@None" \
	"$(dept_duty $DEMO_ON nic) $(dept_duty $DEMO_ON library)"
z import "$T/a.json" >/dev/null || die "restore"
done_by_policy() { # done_by_policy OWNER DONE_BY: a policy whose one duty has them
	cat > "$T/policy.json" <<JSON
{"format": "zeren-policy/v1", "id": "done-by-test", "extends": "default", "title": "测试", "rules": [],
 "obligations": [{"id": "dept_training.annual", "title": "部门培训", "owner": $1, "rrule": "FREQ=YEARLY", "period": "year",
  "due": {"days": 0}, "done_by": $2, "citations": [{"document": "测试", "clause": "第一条"}]}]}
JSON
	"$ZEREN" policy load "$T/policy.json" 2>&1
}
ok "a policy's done_by of each department loads" expect_exit 0 done_by_policy '"each_department"' '"training_department"'
ok "done_by on a duty of the unit is refused, naming it" expect_grep 'obligations\[0\]\.done_by: "training_department" needs the owner "each_department"' \
	"$(done_by_policy '"org"' '"training_department"' > "$T/o"; echo "$T/o")"
ok "an unknown done_by is refused, naming it" expect_grep "obligations\[0\]\.done_by: must be \"training_department\", not 'meeting'" \
	"$(done_by_policy '"each_department"' '"meeting"' > "$T/o"; echo "$T/o")"

bad() { # bad DESC FIELDS-JSON PATTERN
	training_doc "$T/bad.json" px-2026-09 "$2"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming the field" expect_grep "$3" "$ERR"
}
bad "a department's session without its department" '{"level": "department"}' 'trainings\[0\]\.department: a session held by a department names it'
bad "an attendee twice" '{"attendees": [{"person": "p-zhaolei"}, {"person": "p-zhaolei"}]}' "trainings\[0\]\.attendees\[1\]\.person: person 'p-zhaolei' is listed twice"
bad "more hours than the session" '{"attendees": [{"person": "p-zhaolei", "hours": 5}]}' "trainings\[0\]\.attendees\[0\]\.hours: more than the session's hours"
z export > "$T/after.json"
is "… and nothing changed" "$(json "$T/a.json" '[t for t in d["trainings"] if t["id"] == "px-2026-09"][0]')" \
	"$(json "$T/after.json" '[t for t in d["trainings"] if t["id"] == "px-2026-09"][0]')"
finish
