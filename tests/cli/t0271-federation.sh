#!/bin/bash
# Federated supervision (issue 15, part 5) between two data directories: a unit that runs its
# own zeren reports up to 西岭市委网信办 in a signed package, the supervisor's notice comes down
# the same way, and the unit's rectification and feedback go up in its next report. A package
# signed with a key not registered, or altered by one byte, is refused and changes nothing.
. "$(dirname "$0")/lib.sh"
plan 30
S=$T/sup
U=$T/unit
zs() { "$ZEREN" --data "$S" "$@"; }
zu() { "$ZEREN" --data "$U" "$@"; }
zs demo --as-of $DEMO_ON >/dev/null || die "demo"
cat >"$T/unit.json" <<'JSON'
{"format": "zeren/v1", "organizations": [{"id": "xl-clinic", "name": "西岭市第二诊所", "kind": "enterprise"}]}
JSON
zu import "$T/unit.json" >/dev/null || die "the unit's own store"

# Key exchange: each side prints its public key and registers the other's.
zu report key >"$T/unit.pub" || die "unit key"
zs report key >"$T/sup.pub" || die "supervisor key"
zu report export --to xiling --as-of $DEMO_ON -o "$T/r1.pkg" >/dev/null || die "report export"
ok "a report signed with a key the supervisor has not registered is refused" expect_exit 2 zs report import "$T/r1.pkg"
ok "… saying the key is registered for no unit" expect_grep 'key [0-9a-f]{16}.*registered here for no unit' "$ERR"
ok "registering the unit's key" expect_exit 0 zs report trust xl-clinic "$T/unit.pub" --name 西岭市第二诊所
ok "registering the supervisor's key on the unit's side" expect_exit 0 \
	zu report trust xiling "$T/sup.pub" --name 西岭市委网信办 --supervisor
ok "a file that is no public key is refused" expect_exit 2 zs report trust xl-x "$T/unit.json" --name X
ok "the key of a unit hosted here is refused: its records are here already" expect_exit 2 \
	zs report trust xl-school "$T/unit.pub" --name 西岭市实验学校
ok "… saying so" expect_grep '\$\.org: xl-school is hosted here; its records are its own' "$ERR"
ok "a unit does not register itself as its supervisor" expect_exit 2 zu report trust xl-clinic "$T/sup.pub" --name X --supervisor
ok "… nor is it recorded" expect_grep 'federation\.key.*xl-clinic.*failed' <(zu audit list)
zs report keys --format json >"$T/keys.json"
is "the supervisor holds one key, the unit's" "unit xl-clinic $(cut -d' ' -f2 "$T/unit.pub")" \
	"$(json "$T/keys.json" '" ".join("%s %s %s" % (k["direction"], k["org"], k["alg"]) for k in d)')"

# Report up.
ok "the report imports once the key is registered" expect_exit 0 zs report import "$T/r1.pkg"
zs report list --format json >"$T/list.json"
zu check --as-of $DEMO_ON --format json >"$T/check.json"
is "kept as reported data: the unit below xiling, as of its date, with the signer's key" \
	"xl-clinic xiling $DEMO_ON $(head -1 "$T/r1.pkg" | sed 's/.* key=\([0-9a-f]*\) .*/\1/')" \
	"$(json "$T/list.json" '" ".join([d[0]["org"], d[0]["parent"], d[0]["as_of"], d[0]["signer"]["key"]])')"
is "its errors are the unit's own check's" "$(json "$T/check.json" 'sum(1 for f in d["findings"] if f["severity"] == "error")')" \
	"$(json "$T/list.json" 'd[0]["tally"]["counts"]["error"]')"
z_export() { zs export --output "$1" >/dev/null; }
z_export "$T/before.json"
ok "the supervisor's own records do not gain the unit" expect_exit 1 grep -q xl-clinic "$T/before.json"

# Tampering: one byte of the body, one of the signed header.
python3 - "$T/r1.pkg" "$T" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
i = d.index(b'"name": "') + 9
open(sys.argv[2] + "/body.pkg", "wb").write(d[:i] + bytes([d[i] ^ 1]) + d[i + 1:])
i = d.index(b" at=") + 5
open(sys.argv[2] + "/head.pkg", "wb").write(d[:i] + bytes([d[i] ^ 1]) + d[i + 1:])
PY
ok "a report with one byte of its body changed is refused" expect_exit 2 zs report import "$T/body.pkg"
ok "… saying the body was altered" expect_grep 'body was altered' "$ERR"
ok "one byte of its header changed is refused" expect_exit 2 zs report import "$T/head.pkg"
ok "… saying the signature does not verify" expect_grep 'signature does not verify' "$ERR"

# Notice down.
zs notice package --from xiling --to xl-clinic --id xw-2026-50 --doc '西网信通〔2026〕50号' \
	--title 关于弱口令的通报 --received 2026-11-23 --rectify-by 2026-11-27 -o "$T/n1.pkg" >/dev/null || die "package"
cp "$T/n1.pkg" "$T/n-bad.pkg" && sed -i 's/关于弱口令的通报/关于弱口今的通报/' "$T/n-bad.pkg"
ok "an altered notice package is refused" expect_exit 2 zu notice import-package "$T/n-bad.pkg"
ok "a report package is not taken for a notice" expect_exit 2 zu notice import-package "$T/r1.pkg"
ok "the unit records the notice" expect_exit 0 zu notice import-package "$T/n1.pkg"
zu notice list --as-of 2026-11-24 --format json >"$T/notices.json"
is "… with its issuer, number and countdown" "xw-2026-50 西岭市委网信办 西网信通〔2026〕50号 2026-11-27 3" \
	"$(json "$T/notices.json" '" ".join(str(d[0][k]) for k in ("id", "issuer", "document_no", "due_on", "workdays_left"))')"
ok "the same package twice is refused" expect_exit 2 zu notice import-package "$T/n1.pkg"

# Feedback up: the unit rectifies, feeds back, and reports again.
zu notice rectify xw-2026-50 --on 2026-11-26 --feedback 已整改弱口令 --feedback-on 2026-11-26 || die "rectify"
zu report export --to xiling --as-of 2026-11-27 -o "$T/r2.pkg" >/dev/null || die "report 2"
ok "the second report imports" expect_exit 0 zs report import "$T/r2.pkg"
zs report list --format json >"$T/list2.json"
is "the supervisor sees the feedback" "2026-11-26 已整改弱口令 2026-11-26" \
	"$(json "$T/list2.json" '" ".join(d[0]["notices"][0][k] for k in ("rectified_on", "feedback", "feedback_on"))')"
ok "an older report than the one kept is refused" expect_exit 2 zs report import "$T/r1.pkg"
zs report list --format json >"$T/list3.json"
is "… and the kept one stays" "2026-11-27" "$(json "$T/list3.json" 'd[0]["as_of"]')"

# A unit its supervisor comes to host after registering its key: its records are here, and its
# reports are refused (checked in the transaction that would keep them).
zs import "$T/unit.json" >/dev/null || die "hosting the unit"
ok "a report of a unit hosted here is refused" expect_exit 2 zs report import "$T/r2.pkg"
ok "… saying its records are its own" expect_grep 'unit xl-clinic is hosted here' "$ERR"
ok "… and the refusal is recorded" expect_grep 'report\.import.*r2\.pkg.*failed.*xl-clinic is hosted here' <(zs audit list)

finish
