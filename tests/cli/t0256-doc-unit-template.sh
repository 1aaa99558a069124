#!/bin/bash
# A unit's own letter template (issue 14): the "templates" section of the unit's policy version
# (stored, four eyes, in force from a date: zeren policy import / activate) replaces the shipped
# template of that kind in the letters made on or after that date; its fields are checked when
# the version is stored.
. "$(dirname "$0")/lib.sh"
plan 11

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"

own() { # $1: the network_access template's first block
	cat <<JSON
{"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "rules": [],
 "templates": {"network_access": {"title": "{unit}校园网联网承诺书",
   "blocks": [{"plain": "$1"}, {"p": "本人承诺遵守本单位校园网管理规定，不私自架设无线路由器。"},
              {"clauses": "{n}、{text}。", "none": "（本单位无补充条款。）"}],
   "party_a": {"label": "甲方（盖章）", "name": "{unit}"}, "party_b": {"label": "联网用户（签名）", "name": "{person}"}}}}
JSON
}
own '联网用户：{person}（{nickname}）' > bad.json
ok "a template with an unknown field is refused when stored" expect_exit 2 env USER=office "$ZEREN" --data "$T/data" \
	policy import demo bad.json --reason 本单位联网承诺书
ok "… naming the kind, the block and the field" expect_grep "templates\.network_access\.blocks\[0\]: unknown field '\{nickname\}'" "$ERR"
echo '{"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "rules": [], "templates": {"love_letter": {"title": "x", "blocks": []}}}' > kind.json
ok "a template of a kind without letters is refused" expect_exit 2 env USER=office "$ZEREN" --data "$T/data" \
	policy import demo kind.json --reason r
own '联网用户：{person}（{department}）' > own.json
ok "the unit's template is stored as a draft" expect_exit 0 env USER=office "$ZEREN" --data "$T/data" \
	policy import demo own.json --reason 本单位联网承诺书
ok "… and put in force from 2026-12-01 by another" expect_exit 0 env USER=leader "$ZEREN" --data "$T/data" \
	policy activate demo 2 --from 2026-12-01

ok "a letter dated in force uses the unit's template" expect_exit 0 z doc generate --org demo --kind network_access \
	--person p-qiumin --date 2026-12-20 --out own.pdf
pdftotext own.pdf - | tr -d ' \n' > own.flat
ok "… its title and fields filled" expect_grep '蜀南学院校园网联网承诺书.*联网用户：邱敏（.*）本人承诺遵守本单位校园网管理规定' own.flat
ok "… its list block" expect_grep '（本单位无补充条款。）.*联网用户（签名）：邱敏' own.flat
ok "a letter dated before uses the shipped one" expect_exit 0 z doc generate --org demo --kind network_access \
	--person p-qiumin --date 2026-11-25 --out shipped.pdf
ok "… the shipped title" expect_grep '联网安全保密责任书' <(pdftotext shipped.pdf - | tr -d ' \n')
ok "… and not the unit's" test -z "$(pdftotext shipped.pdf - | tr -d ' \n' | grep -o '校园网联网承诺书')"
finish
