#!/bin/bash
# Handovers (离岗交接, issue 19): the zeren/v1 section round-trips, bad records are refused naming
# the field and change nothing, and the policy's handover.key_post rule judges open, incomplete
# and missing handovers, with the demo's deliberate one.
. "$(dirname "$0")/lib.sh"
plan 33
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings DATE: handover.key_post's findings as of DATE, "person@since:handover"
	z check --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["subject"]["id"] + "@" + f["since"] + ":" + f.get("handover", "-")
		for f in d["findings"] if f["rule"] == "handover.key_post"))'
}

msgs() { # msgs FILE KEY: the findings' messages (KEY message or message_en) into $T/m, for grep
	json "$1" '"\n".join(f["'"$2"'"] for f in d["findings"])' > "$T/m"
	echo "$T/m"
}

# the demo: 吴越 left network administration on 2026-11-09, his handover is open
is "demo: the open handover is a finding from the day after its week" "p-wuyue@2026-11-17:jj-2026-wuyue" "$(findings $DEMO_ON)"
ok "… said in Chinese with the post, the day and the deadline" expect_grep "吴越于2026-11-09离开网络管理员岗位，应在7日内（2026-11-16前）办好交接手续，交接至今未完成" \
	"$(msgs "$T/check.json" message)"
ok "… and in English" expect_grep "left the post of Network administrator on 2026-11-09; the handover was due within 7 days \(by 2026-11-16\)" \
	"$(msgs "$T/check.json" message_en)"
is "… citing the college's own clause" "《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号） 第十二条" \
	"$(json "$T/check.json" '"|".join(c["document"] + " " + c["clause"] for f in d["findings"] if f["rule"] == "handover.key_post" for c in f["citations"])')"
is "on the week's last day (11-16) there is none" "" "$(findings 2026-11-16)"

# round trip
z export > "$T/a.json" || die "export"
is "export carries the four handovers" "jj-2023-huangzhiqiang jj-2025-qianwei jj-2026-hejun jj-2026-wuyue" \
	"$(json "$T/a.json" '" ".join(h["id"] for h in d["handovers"])')"
is "… field by field as written" \
	'{"accounts_closed_on": "2026-11-09", "completed_on": null, "id": "jj-2026-wuyue", "left_on": "2026-11-09", "materials_returned_on": null, "notes": "调往信息工程学院；网络设备管理账号已停用，资料尚未交还，接任人待定", "org": "demo", "passwords_changed_on": null, "person": "p-wuyue", "post": "network_admin", "successor": null}' \
	"$(json "$T/a.json" '[h for h in d["handovers"] if h["id"] == "jj-2026-wuyue"][0]')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with handovers" cmp -s "$T/a.json" "$T/b.json"

# completing it: all four items and the day → no finding; without the successor → incomplete
handover() { # handover FILE FIELDS-JSON: jj-2026-wuyue with FIELDS laid over it
	python3 - "$T/a.json" "$2" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
h = [h for h in d["handovers"] if h["id"] == "jj-2026-wuyue"][0]
h.update(json.loads(sys.argv[2]))
json.dump({"format": "zeren/v1", "handovers": [h]}, sys.stdout, ensure_ascii=False)
PY
}
handover "$T/partly.json" '{"materials_returned_on": "2026-11-18", "passwords_changed_on": "2026-11-18", "completed_on": "2026-11-19"}'
ok "a completed handover imports" expect_exit 0 z import "$T/partly.json"
is "… completed without a successor it still is a finding" "p-wuyue@2026-11-17:jj-2026-wuyue" "$(findings $DEMO_ON)"
ok "… naming what it lacks" expect_grep "交接缺少：接任人" "$(msgs "$T/check.json" message)"
is "… before it was completed it was open" "p-wuyue@2026-11-17:jj-2026-wuyue" "$(findings 2026-11-18)"
handover "$T/done.json" '{"successor": "p-zhenghao", "materials_returned_on": "2026-11-18", "passwords_changed_on": "2026-11-18", "completed_on": "2026-11-19"}'
z import "$T/done.json" >/dev/null || die "done"
is "with its successor named it is complete: no finding" "" "$(findings $DEMO_ON)"

# leaving with no handover recorded: the demo without its handover records
python3 - "$T/a.json" > "$T/none.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["handovers"] = []
json.dump(d, sys.stdout, ensure_ascii=False)
PY
"$ZEREN" --data "$T/none" import "$T/none.json" >/dev/null || die "none"
zn() { "$ZEREN" --data "$T/none" "$@"; }
nf() { zn check --as-of "$1" --format json > "$T/n.json"; json "$T/n.json" '" ".join(sorted(f["subject"]["id"] + "@" + f["since"] + ":" + f.get("handover", "-") for f in d["findings"] if f["rule"] == "handover.key_post"))'; }
is "no records: 何俊 (left 2026-04-01, within a year) and 吴越 are findings; 钱伟 (2025-09-01) is past the look-back" \
	"p-hejun@2026-04-09:- p-wuyue@2026-11-17:-" "$(nf $DEMO_ON)"
ok "… said so" expect_grep "何俊于2026-04-01离开安全审计员岗位.*未登记交接" "$(msgs "$T/n.json" message)"
is "钱伟 is one within his year" "p-qianwei@2025-09-09:-" "$(nf 2025-09-20)"
is "黄志强 left four scopes of 系统管理员 on one day: one finding" "p-huangzhiqiang@2023-06-09:-" "$(nf 2023-06-20)"
is "陈晨 left ykt's scope but is still a 系统管理员: none" "" "$(nf 2024-09-20)"

# bad records are refused, naming the field, and change nothing
bad() { # bad DESC FIELDS-JSON PATTERN
	handover "$T/bad.json" "$2"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming it: $3" expect_grep "$3" "$ERR"
}
bad "an unknown post" '{"post": "janitor"}' 'handovers\[0\]\.post: unknown post .janitor.'
bad "a successor who is the person" '{"successor": "p-wuyue"}' 'handovers\[0\]\.successor: the person who leaves cannot be their own successor'
bad "a bad date" '{"completed_on": "2026-02-30"}' 'handovers\[0\]\.completed_on: must be a date'
bad "an unknown field" '{"keys_returned_on": "2026-11-10"}' 'handovers\[0\]\.keys_returned_on: unknown field'
z export > "$T/after.json"
is "… and nothing changed" "$(json "$T/done.json" 'd["handovers"][0]')" "$(json "$T/after.json" '[h for h in d["handovers"] if h["id"] == "jj-2026-wuyue"][0]')"

# ending an appointment of a key post opens its handover in the same change, audited
appt() { # appt PERSON POST: the ids of that person's open appointments of POST
	z appointment list --org demo --person "$1" | awk -v w="$2" '$3 == w && $5 == "-" {print $1}'
}
ok "冯雪's appointment as 安全审计员 ends" expect_exit 0 z appointment end "$(appt p-fengxue security_auditor)" --org demo --to 2026-11-20
ok "… saying it opened her handover" expect_grep "已登记离岗交接 ho-" "$OUT"
z export > "$T/opened.json"
is "… a handover of her leaving, nothing done yet" "p-fengxue security_auditor 2026-11-20 None None" \
	"$(json "$T/opened.json" '" ".join(str(h[k]) for h in d["handovers"] if h["person"] == "p-fengxue" for k in ("person", "post", "left_on", "completed_on", "successor"))')"
hid=$(json "$T/opened.json" '[h["id"] for h in d["handovers"] if h["person"] == "p-fengxue"][0]')
z audit list --format json > "$T/audit.json"
is "… recorded in the appointment's audit record" "appointment.end $hid" \
	"$(json "$T/audit.json" '[" ".join([r["action"], r["detail"].get("handover", "-")]) for r in d if r["action"] == "appointment.end"][-1]')"
is "… and due within the policy's week: open from 2026-11-28" "p-fengxue@2026-11-28:$hid" \
	"$(findings 2026-11-28 | tr ' ' '\n' | grep p-fengxue)"
for a in $(appt p-chenchen system_admin | head -1); do z appointment end "$a" --org demo --to 2026-11-20 >/dev/null || die "end one scope"; done
z export > "$T/scoped.json"
is "陈晨 ends one scope of 系统管理员 and keeps the others: no handover" "" \
	"$(json "$T/scoped.json" '" ".join(h["id"] for h in d["handovers"] if h["person"] == "p-chenchen")')"
finish
