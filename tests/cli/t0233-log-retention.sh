#!/bin/bash
# Log and record retention (日志留存, issue 19): the zeren/v1 section round-trips, bad records are
# refused naming the field and change nothing, retention.logs compares each source's configured
# days with its kind's (the demo's mail log is short), and the history keeps the sources.
. "$(dirname "$0")/lib.sh"
plan 19
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings DATE: retention.logs's findings as of DATE, "subject@since:source"
	z check --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["subject"]["id"] + "@" + str(f["since"]) + ":" + f.get("log_source", "-")
		for f in d["findings"] if f["rule"] == "retention.logs"))'
}
msgs() { # msgs KEY: the findings' messages into $T/m, for grep
	json "$T/check.json" '"\n".join(f["'"$1"'"] for f in d["findings"])' > "$T/m"
	echo "$T/m"
}

is "demo: the mail system's log, kept 90 days, is short since it was verified" "mail@2026-09-29:ls-mail" "$(findings $DEMO_ON)"
ok "… said in Chinese" expect_grep "信息系统“电子邮件系统”的服务器系统日志“电子邮件系统登录与投递日志”配置留存90天，少于要求的180天" "$(msgs message)"
ok "… and in English" expect_grep 'system 电子邮件系统: Server system logs "电子邮件系统登录与投递日志": kept 90 days, fewer than the 180 days required' "$(msgs message_en)"
is "… citing the college's own clause" "第十六条(二)" \
	"$(json "$T/check.json" '" ".join(c["clause"] for f in d["findings"] if f["rule"] == "retention.logs" for c in f["citations"])')"
is "before the day it was verified, the setting is not known yet" "" "$(findings 2026-09-28)"

z export > "$T/a.json" || die "export"
is "export carries the ten sources" "10" "$(json "$T/a.json" 'len(d["log_sources"])')"
is "… the unit's own without a system" "null" "$(json "$T/a.json" '[l for l in d["log_sources"] if l["id"] == "ls-fw"][0]["system"]')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with log sources" cmp -s "$T/a.json" "$T/b.json"

source_doc() { # source_doc FILE ID FIELDS-JSON: the stored source ID with FIELDS laid over it
	python3 - "$T/a.json" "$2" "$3" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = [s for s in d["log_sources"] if s["id"] == sys.argv[2]][0]
s.update(json.loads(sys.argv[3]))
json.dump({"format": "zeren/v1", "log_sources": [s]}, sys.stdout, ensure_ascii=False)
PY
}
source_doc "$T/fixed.json" ls-mail '{"retention_days": 180, "checked_on": "2026-11-20"}'
ok "the mail log set to 180 days imports" expect_exit 0 z import "$T/fixed.json"
is "… and the finding is gone" "" "$(findings $DEMO_ON)"
source_doc "$T/unknown.json" ls-fw '{"retention_days": null, "checked_on": null}'
z import "$T/unknown.json" >/dev/null || die "unknown"
is "a source without a recorded retention is a finding of the unit, as far back as the records go" "demo@None:ls-fw" "$(findings $DEMO_ON)"
ok "… saying so" expect_grep "出口网关审计日志“校园网出口防火墙审计日志”未登记留存期限，应至少留存90天" "$(msgs message)"
source_doc "$T/other.json" ls-fw '{"kind": "other", "retention_days": 7}'
z import "$T/other.json" >/dev/null || die "other"
is "a kind the policy sets no days for is not judged" "" "$(findings $DEMO_ON)"

bad() { # bad DESC FIELDS-JSON PATTERN
	source_doc "$T/bad.json" ls-oa "$2"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming the field" expect_grep "$3" "$ERR"
}
bad "an unknown kind" '{"kind": "syslog"}' 'log_sources\[0\]\.kind: unknown kind'
bad "negative days" '{"retention_days": -5}' 'log_sources\[0\]\.retention_days: must be a whole number'
z export > "$T/after.json"
is "… and nothing changed" "$(json "$T/a.json" '[s for s in d["log_sources"] if s["id"] == "ls-oa"][0]')" \
	"$(json "$T/after.json" '[s for s in d["log_sources"] if s["id"] == "ls-oa"][0]')"
is "the history keeps each version of a source" "3" "$(z history --org demo --kind log_source --key ls-fw --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
finish
