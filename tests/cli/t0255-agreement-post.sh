#!/bin/bash
# Agreements name the post and department they are for (zeren/v1 `post`, `department`, both
# optional): checked against the post catalogue and the unit, kept in the store, exported as
# imported (round trip exact); a key-post agreement signed through the platform names them; one
# that names a post holds only for that post (the engine's tests: test_engine
# test_agreement_names_post_and_department).
. "$(dirname "$0")/lib.sh"
plan 14

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"

agreements() { # $1: the agreements as a JSON list
	printf '{"format": "zeren/v1", "agreements": %s}' "$1" > in.json
	z import in.json
}
ok "an agreement naming a post and department is imported" expect_exit 0 agreements \
	'[{"id": "kp-zhaolei-na", "kind": "key_post_security", "org": "demo", "person": "p-zhaolei", "from": "2025-09-01", "to": "2028-09-01", "signed_on": "2025-09-01", "post": "network_admin", "department": "nic"}]'
z export --org demo > e1.json || die "export"
ok "… exported with them" expect_grep '"post": "network_admin"' \
	<(json e1.json '[a for a in d["agreements"] if a["id"] == "kp-zhaolei-na"][0]')
ok "… and its department" expect_grep '"department": "nic"' \
	<(json e1.json '[a for a in d["agreements"] if a["id"] == "kp-zhaolei-na"][0]')
ok "an agreement naming none has neither field" test "$(json e1.json \
	'str(sorted([a for a in d["agreements"] if a["id"] == "kp-zhaolei-2024"][0]))')" = \
	"['from', 'id', 'kind', 'org', 'person', 'signed_on', 'to']"
ok "export → import → export is identical" expect_exit 0 z import e1.json
z export --org demo > e2.json || die "export"
ok "… byte for byte" cmp -s e1.json e2.json

ok "a post not in the catalogue is refused" expect_exit 2 agreements \
	'[{"id": "kp-x", "kind": "key_post_security", "org": "demo", "person": "p-zhaolei", "from": "2025-09-01", "post": "tea_maker"}]'
ok "… naming the field" expect_grep "agreements\[0\]\.post" "$ERR"
ok "a department the unit does not have is refused" expect_exit 2 agreements \
	'[{"id": "kp-x", "kind": "key_post_security", "org": "demo", "person": "p-zhaolei", "from": "2025-09-01", "post": "network_admin", "department": "nowhere"}]'
ok "… naming the field" expect_grep "agreements\[0\]\.department" "$ERR"
ok "… and nothing was written" test -z "$(z export --org demo | grep -o '"kp-x"')"

# A key-post agreement generated for 赵磊's post and signed on paper names the post and department.
z doc generate --org demo --kind key_post_security --person p-zhaolei --post network_admin --date 2026-11-20 \
	--out kp.pdf > gen.txt || die "generate"
number=$(head -1 gen.txt | cut -f1)
printf 'signed scan' > scan.jpg
ok "the signed key-post agreement" expect_exit 0 z doc sign "$number" --scan scan.jpg --on 2026-11-20
z export --org demo > e3.json || die "export"
is "… names its post" "$(json e3.json "[a for a in d['agreements'] if a['id'] == '$number'][0]['post']")" network_admin
is "… and its department" "$(json e3.json "[a for a in d['agreements'] if a['id'] == '$number'][0]['department']")" nic
finish
