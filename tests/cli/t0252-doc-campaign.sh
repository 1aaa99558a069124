#!/bin/bash
# zeren doc campaign (issue 14): the 2027 responsibility letters of the demo unit, one per
# department head, at once; sent; one signed on paper; the rest are findings of
# agreement.year_letter as of a day in 2027, citing the clause; closed.
. "$(dirname "$0")/lib.sh"
plan 14

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"
id=demo-2027-responsibility_letter

ok "a campaign for the demo's department heads" expect_exit 0 z doc campaign open --org demo \
	--kind responsibility_letter --year 2027 --date 2026-12-20
ok "… eleven letters, one per head" expect_grep "^$id	已生成 11 份" "$OUT"
ok "the same campaign again is refused" expect_exit 2 z doc campaign open --org demo --kind responsibility_letter --year 2027
ok "… naming it" expect_grep "campaign $id exists already" "$ERR"
ok "marking them sent" expect_exit 0 z doc campaign send $id
z doc campaign status $id --format json > c.json || die "status"
is "every head has a letter" "p-cuijianhua p-huangli p-jiazhiyuan p-pengtao p-shilei p-tangguoqiang p-weiqiang p-xiewen p-xuhongmei p-yangfan p-zhouhaitao" \
	"$(json c.json '" ".join(sorted(x["person"] for x in d["documents"]))')"
is "… all sent" '{"generated": 0, "returned": 0, "sent": 11, "signed": 0, "total": 11}' "$(json c.json 'd["counts"]')"
number=$(json c.json '[x["number"] for x in d["documents"] if x["person"] == "p-pengtao"][0]')
printf 'scan' > scan.pdf
ok "人事处's head signs on paper" expect_exit 0 z doc sign "$number" --scan scan.pdf --on 2026-12-28
ok "… the progress says so" expect_exit 0 z doc campaign status $id
ok "… one signed, ten sent" expect_grep '^共 11 份：已生成 0，已发送 10，已签署 1，已归档 0$' "$OUT"
z check --org demo --as-of 2027-01-15 --format json > f.json
is "as of 2027-01-15 the ten unsigned heads are findings" 10 \
	"$(json f.json 'str(len([x for x in d["findings"] if x["rule"] == "agreement.year_letter"]))')"
is "… not the one who signed" 0 \
	"$(json f.json 'str(len([x for x in d["findings"] if x["rule"] == "agreement.year_letter" and x["subject"]["id"] == "p-pengtao"]))')"
is "… each citing the college's own clause" '["第十三条(一)"]' \
	"$(json f.json '[c["clause"] for c in [x for x in d["findings"] if x["rule"] == "agreement.year_letter"][0]["citations"]]')"
ok "closing it" expect_exit 0 z doc campaign close $id
finish
