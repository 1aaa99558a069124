#!/bin/sh
# Valid time for every fact (issue 21): systems go into service and retire, departments are
# established, renamed and dissolved, people join and leave, bodies are set up and dissolved, a
# system's owner, level and filing change on days and every assessment is kept. A check as of D
# sees the facts valid on D; a fact without dates holds as far back as the records go.
. "$(dirname "$0")/lib.sh"
plan 45

z demo --as-of $DEMO_ON >/dev/null || die "demo"

# findings FILE: one line per finding: rule, subject, since, message (sorted)
findings() {
	python3 -c '
import json, sys
for f in json.load(open(sys.argv[1], encoding="utf-8"))["findings"]:
    print(f["rule"], f["subject"]["id"], f["since"], f["message"])' "$1" | sort
}
check_on() { z check --org demo --as-of "$1" --format json >"$T/$2.json"; findings "$T/$2.json" >"$T/$2"; }
DAYS="2023-12-31 2024-06-30 2025-06-30 2026-01-31"
for d in $DAYS $DEMO_ON; do check_on "$d" "before-$d"; done

# --- a system going into service on a day changes nothing before it -------------------------------
cat >"$T/sys.json" <<EOF
{"format": "zeren/v1", "systems": [
 {"id": "newsys", "org": "demo", "name": "新上线系统", "owner_department": null, "mlps_level": null,
  "in_service": "$DEMO_ON"}]}
EOF
ok "a system in service from the day imports" expect_exit 0 z import "$T/sys.json"
for d in $DAYS; do
	check_on "$d" "sys-$d"
	is "… the findings as of $d do not move" "$(cat "$T/before-$d")" "$(cat "$T/sys-$d")"
done
check_on $DEMO_ON sys-now
ok "… as of its first day it has no owner department, since that day" \
	expect_grep "^system.owner newsys $DEMO_ON 信息系统“新上线系统”未明确责任部门" "$T/sys-now"
ok "… nor an MLPS level" expect_grep "^system.mlps newsys $DEMO_ON " "$T/sys-now"

# entered today, in service since 2024: it counts from 2024 on, and not before
sed "s/\"in_service\": \"$DEMO_ON\"/\"in_service\": \"2024-03-01\"/" "$T/sys.json" >"$T/sys2024.json"
ok "the same system in service since 2024-03-01 imports" expect_exit 0 z import "$T/sys2024.json"
check_on 2023-12-31 s24-a
is "… as of 2023-12-31 nothing moves" "$(cat "$T/before-2023-12-31")" "$(cat "$T/s24-a")"
check_on 2024-06-30 s24-b
ok "… as of 2024-06-30 it has no owner since it went into service" \
	expect_grep "^system.owner newsys 2024-03-01 " "$T/s24-b"
ok "… nor a holder of system_responsible, since then too" \
	expect_grep "^system.owner newsys 2024-03-01 信息系统“新上线系统”未设系统负责人" "$T/s24-b"

# retired: nothing owed after it
sed 's/"in_service": "2024-03-01"/"in_service": "2024-03-01", "retired": "2026-01-01"/' "$T/sys2024.json" >"$T/retired.json"
ok "retired on 2026-01-01 imports" expect_exit 0 z import "$T/retired.json"
check_on $DEMO_ON ret-now
is "… as of the demo's day it owes nothing" "$(cat "$T/before-$DEMO_ON")" "$(cat "$T/ret-now")"
check_on 2025-06-30 ret-then
ok "… as of 2025-06-30 it still did" expect_grep "^system.owner newsys 2024-03-01 " "$T/ret-then"
cat >"$T/in1.json" <<EOF
{"format": "zeren/v1", "appointments": [
 {"person": "p-chenchen", "post": "system_admin", "org": "demo", "system": "newsys", "from": "2025-01-01", "to": null}]}
EOF
ok "an appointment to a retired system that runs on after it is refused" \
	expect_exit 2 z import "$T/in1.json"
ok "… naming the field and why" expect_grep 'appointments\[0\]\.to: system .newsys. was retired on 2026-01-01' "$ERR"

# --- a system's register entry as it stood: owner, level and filing are dated, assessments listed --
cat >"$T/cwxt.json" <<EOF
{"format": "zeren/v1", "systems": [
 {"id": "cwxt", "org": "demo", "name": "财务管理系统", "owner_department": "finance", "mlps_level": 3,
  "filing_no": "51340099999-00005", "filed_on": "2024-05-10", "last_assessed_on": "2025-03-10",
  "critical_infrastructure": false, "public_website": false,
  "history": [{"until": "2024-04-01", "owner_department": "finance", "mlps_level": 2,
               "filing_no": "51340099999-00005", "filed_on": "2019-05-10"}],
  "assessments": ["2024-03-08", "2025-03-10"]}]}
EOF
ok "cwxt with its level-2 history and two assessments imports" expect_exit 0 z import "$T/cwxt.json"
check_on 2024-03-31 cw-a
ok "… as of 2024-03-31 it was level 2: no assessment due" sh -c "! grep -q '^system.mlps cwxt' '$T/cw-a'"
check_on 2024-04-30 cw-b
ok "… as of 2024-04-30 level 3, filed as level 2 only until re-filed on 2024-05-10" \
	expect_grep "^system.mlps cwxt 2024-04-01 信息系统“财务管理系统”为第3级，未办理等级保护备案" "$T/cw-b"
check_on 2025-03-09 cw-c
ok "… as of 2025-03-09 the assessment of 2024-03-08 was due again since 2025-03-08" \
	expect_grep "^system.mlps cwxt 2025-03-08 .*上次等级测评于2024-03-08" "$T/cw-c"
check_on $DEMO_ON cw-d
ok "… as of the demo's day, the last one (2025-03-10) counts, as before" \
	expect_grep "^system.mlps cwxt 2026-03-10 .*上次等级测评于2025-03-10" "$T/cw-d"
z export --org demo >"$T/export.json" || die "export"
is "the export keeps the history and every assessment" \
	'[{"filed_on": "2019-05-10", "filing_no": "51340099999-00005", "mlps_level": 2, "owner_department": "finance", "until": "2024-04-01"}] ["2024-03-08", "2025-03-10"] 2024-03-01 2026-01-01' \
	"$(json "$T/export.json" '" ".join(json.dumps(x, ensure_ascii=False, sort_keys=True) if not isinstance(x, str) else x for x in [[s for s in d["systems"] if s["id"] == "cwxt"][0]["history"], [s for s in d["systems"] if s["id"] == "cwxt"][0]["assessments"], [s for s in d["systems"] if s["id"] == "newsys"][0]["in_service"], [s for s in d["systems"] if s["id"] == "newsys"][0]["retired"]])')"
cat >"$T/in2.json" <<EOF
{"format": "zeren/v1", "systems": [{"id": "cwxt", "org": "demo", "name": "财务管理系统",
  "history": [{"until": "2024-04-01"}, {"until": "2023-01-01"}]}]}
EOF
ok "a history out of order is refused" expect_exit 2 z import "$T/in2.json"
ok "… naming the entry" expect_grep 'systems\[0\]\.history\[1\]: until must be after' "$ERR"
cat >"$T/in3.json" <<EOF
{"format": "zeren/v1", "systems": [{"id": "cwxt", "org": "demo", "name": "财务管理系统", "mlps_level": 3,
  "last_assessed_on": "2024-03-08", "assessments": ["2025-03-10"]}]}
EOF
ok "last_assessed_on before the latest assessment is refused" expect_exit 2 z import "$T/in3.json"

# --- departments: established, renamed, dissolved ------------------------------------------------
cat >"$T/dept.json" <<EOF
{"format": "zeren/v1", "organizations": [{"id": "demo", "name": "蜀南学院", "kind": "university", "policy": "default",
  "departments": [{"id": "lab", "name": "网络安全实验室", "parent": "cs", "established": "2025-03-01",
                   "history": [{"until": "2026-01-01", "name": "网络攻防实验室", "parent": "cs"}]}]}]}
EOF
ok "a department established on 2025-03-01 and renamed on 2026-01-01 imports" expect_exit 0 z import "$T/dept.json"
check_on 2025-01-31 dept-a
ok "… as of 2025-01-31, before it was established, no finding names it" sh -c "! grep -q ' lab ' '$T/dept-a'"
check_on 2025-06-30 dept-x
ok "… as of 2025-06-30 it lacks a 网络安全员 since it was established, under its name then" \
	expect_grep "^required.liaison lab 2025-03-01 网络攻防实验室未设网络安全员" "$T/dept-x"
check_on $DEMO_ON dept-b
ok "… as of the demo's day under its new name" expect_grep "^required.liaison lab 2025-03-01 网络安全实验室未设网络安全员" "$T/dept-b"
ok "… and its half-yearly report is owed only for periods due since it was established" \
	sh -c "! grep -q '^obligation.overdue lab .*2024-H2' '$T/dept-b'"
sed 's/"established": "2025-03-01",/"established": "2025-03-01", "dissolved": "2026-06-01",/' "$T/dept.json" >"$T/dissolved.json"
ok "dissolved on 2026-06-01 imports" expect_exit 0 z import "$T/dissolved.json"
check_on $DEMO_ON dept-c
ok "… as of the demo's day it owes nothing" sh -c "! grep -q ' lab ' '$T/dept-c'"
cat >"$T/in4.json" <<EOF
{"format": "zeren/v1", "organizations": [{"id": "demo", "name": "蜀南学院", "departments": [
 {"id": "lab", "name": "x", "established": "2025-03-01", "dissolved": "2026-06-01", "history": [{"until": "2026-07-01", "name": "y"}]}]}]}
EOF
ok "a rename after the dissolution is refused" expect_exit 2 z import "$T/in4.json"

# --- people join and leave; bodies are set up and dissolved -------------------------------------
cat >"$T/in5.json" <<EOF
{"format": "zeren/v1", "people": [{"id": "p-machao", "name": "马超", "org": "demo", "department": "nic", "left": "2026-10-01"}]}
EOF
ok "a person who left while still holding a post is refused" expect_exit 2 z import "$T/in5.json"
ok "… naming the person's field and the appointment" expect_grep "people\[0\]\.left: person 'p-machao' left the unit on 2026-10-01, but p-machao's appointment as" "$ERR"
cat >"$T/in6.json" <<EOF
{"format": "zeren/v1", "people": [{"id": "p-new", "name": "新人", "org": "demo", "joined": "2026-03-01"}],
 "appointments": [{"person": "p-new", "post": "database_admin", "org": "demo", "from": "2026-01-01"}]}
EOF
ok "an appointment before the person joined is refused" expect_exit 2 z import "$T/in6.json"
ok "… naming from" expect_grep 'appointments\[0\]\.from: is before the person joined the unit \(2026-03-01\)' "$ERR"
cat >"$T/body.json" <<EOF
{"format": "zeren/v1", "bodies": [{"id": "eg", "org": "demo", "kind": "emergency_group", "name": "网络安全应急响应组",
  "leads": [], "established": "2019-09-01", "dissolved": "2026-09-01"}],
 "appointments": []}
EOF
ok "dissolving a body whose seats run on is refused" expect_exit 2 z import "$T/body.json"
ok "… naming dissolved" expect_grep 'bodies\[0\]\.dissolved: body .eg. was dissolved on 2026-09-01, but' "$ERR"
# the seats end with it (as the API does when a body is dissolved)
python3 - "$T/export.json" "$T/body.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
seats = [dict(a, to="2026-09-01") for a in d["appointments"]
         if a.get("body") == "eg" and (a["to"] is None or a["to"] > "2026-09-01") and a["from"] < "2026-09-01"]
doc = json.load(open(sys.argv[2], encoding="utf-8"))
doc["appointments"] = seats
json.dump(doc, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
ok "… and accepted with its seats ended on the same day" expect_exit 0 z import "$T/body.json"
check_on $DEMO_ON body-now
ok "… as of the demo's day there is no emergency group, since its dissolution" \
	expect_grep "^body.emergency_group demo 2026-09-01 未成立应急响应组" "$T/body-now"
check_on 2026-08-31 body-then
ok "… the day before, it was there" sh -c "! grep -q '^body.emergency_group' '$T/body-then'"

# --- old files: no dates, as before -------------------------------------------------------------
rm -rf "$T/old" && "$ZEREN" --data "$T/old" import "$SRCDIR/data/demo/demo.json" >"$T/old.out" || die "old import"
ok "importing a file without dates says what it takes" \
	expect_grep 'record\(s\) of departments, people, bodies or systems carry no dates: each is taken as valid from the earliest date the file knows, 2016-' "$T/old.out"
"$ZEREN" --data "$T/old" check --org demo --as-of $DEMO_ON --format json >"$T/old-now.json"
findings "$T/old-now.json" >"$T/old-now"
is "… and its findings are those of the demo as written" "$(cat "$T/before-$DEMO_ON")" "$(cat "$T/old-now")"
"$ZEREN" --data "$T/old" export >"$T/old-export.json"
ok "… and it exports without dates it did not have" sh -c "! grep -Eq '\"(in_service|retired|established|dissolved|joined|left|history|assessments)\"' '$T/old-export.json'"

finish
