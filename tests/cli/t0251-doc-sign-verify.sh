#!/bin/bash
# zeren doc sign and verify (issue 14): a letter signed on paper (the scan kept as evidence),
# its record sealed with the unit's SM2 key (Ed25519 when chosen); verify names the document,
# the signer and the time, and fails for a copy with one byte changed; the agreement enters
# the record; a second signature is refused.
. "$(dirname "$0")/lib.sh"
plan 20

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"
z doc generate --org demo --kind responsibility_letter --person p-zhouhaitao --date 2026-12-20 --year 2027 \
	--out rl.pdf > gen.txt || die "generate"
number=$(head -1 gen.txt | cut -f1)

ok "a letter not signed yet does not verify as signed" expect_exit 1 z doc verify rl.pdf
ok "… but is known, with its number and signer-to-be" expect_grep "编号 $number .*" "$OUT"
ok "… says so" expect_grep '尚未签署' "$OUT"
printf 'signed scan' > scan.jpg
ok "a paper signature with its scan" expect_exit 0 z doc sign "$number" --scan scan.jpg --on 2026-12-22
ok "the signed letter verifies" expect_exit 0 z doc verify rl.pdf
ok "… by whom, how, and with the unit's SM2 key" expect_grep '^签署 周海涛（p-zhouhaitao） paper .* sm2 [0-9a-f]{16}  签名有效' "$OUT"
z doc verify rl.pdf --format json > v.json
is "… its SHA-256 is the file's" "$(sha256sum rl.pdf | cut -c1-64)" "$(json v.json 'd["sha256"]')"
is "… its SM3 is given too" 64 "$(json v.json 'str(len(d["sm3"]))')"
is "… the scan's hash is recorded" "$(sha256sum scan.jpg | cut -c1-64)" "$(json v.json 'd["signatures"][0]["scan_sha256"]')"
ok "the scan is kept as evidence" test -f "data/evidence/$(sha256sum scan.jpg | cut -c1-2)/$(sha256sum scan.jpg | cut -c1-64)"
cp rl.pdf bad.pdf
# one byte changed in the middle of the file
python3 -c "
import sys; b = bytearray(open('bad.pdf','rb').read()); i = len(b) // 2; b[i] ^= 1; open('bad.pdf','wb').write(b)"
ok "one changed byte fails verification" expect_exit 1 z doc verify bad.pdf
ok "… as not a document of the platform" expect_grep '不是本平台生成的文书，或已被改动' "$OUT"
ok "the signing key is private to the data directory" test "$(stat -c %a data/keys/doc-signing.key)" = 600
ok "a second signature is refused" expect_exit 2 z doc sign "$number" --scan scan.jpg
ok "… saying it is signed" expect_grep 'is signed already' "$ERR"
z export --output out.json || die "export"
is "the agreement entered the record, signed that day" '{"from": "2027-01-01", "kind": "responsibility_letter", "signed_on": "2026-12-22", "to": "2028-01-01"}' \
	"$(json out.json "[{k: a[k] for k in ('kind','from','to','signed_on')} for a in d['agreements'] if a['id'] == '$number'][0]")"
ok "generate and sign are in the audit log" test "$(z audit list | awk -F'\t' '($5 == "doc.generate" || $5 == "doc.sign") && $7 == "ok"' | wc -l)" = 2

# A unit that chose Ed25519.
"$ZEREN" --data "$T/ed" demo --as-of $DEMO_ON >/dev/null || die "demo 2"
ok "an Ed25519 key when chosen" expect_exit 0 "$ZEREN" --data "$T/ed" doc keygen --alg ed25519
"$ZEREN" --data "$T/ed" doc generate --org demo --kind key_post_security --person p-zhaolei --post network_admin \
	--date 2026-12-20 --out kp.pdf > gen2.txt || die "generate 2"
"$ZEREN" --data "$T/ed" doc sign "$(head -1 gen2.txt | cut -f1)" --scan scan.jpg --on 2026-12-21 >/dev/null || die "sign 2"
ok "… signs and verifies" expect_exit 0 "$ZEREN" --data "$T/ed" doc verify kp.pdf
ok "… with Ed25519" expect_grep ' ed25519 [0-9a-f]{16}  签名有效' "$OUT"
finish
