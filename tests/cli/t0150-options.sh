#!/bin/bash
# One option parser for every command (src/cmd/common.c cmd_parse): unknown options, missing
# values, malformed numbers and flags given values are refused with the usage, naming what,
# before anything is opened or changed.
. "$(dirname "$0")/lib.sh"
z demo --as-of $DEMO_ON >/dev/null || die "demo"

# arguments | what the message must name
refused=(
"serve --threads 3abc|--threads must be a whole number from 1 to 256, not '3abc'"
"serve --threads 0|--threads must be a whole number from 1 to 256, not '0'"
"serve --behind-proxy=yes|option --behind-proxy takes no value"
"incident list --title x|unknown option '--title'"
"incident resolve|resolve needs the incident's ID"
"incident|which: add, list or resolve"
"doc sig|unknown subcommand 'sig'"
"notice rectify --on 2026-11-01|rectify needs the notice's ID"
"notice rectify tb-2026-17|rectify needs --on DATE"
"accountability inc-2026-03 --recorded-on 2026-02-30|--recorded-on must be a date YYYY-MM-DD, not '2026-02-30'"
"notice rectify tb-2026-17 --on|option --on needs a value"
"notice list --system portal|unknown option '--system'"
"check --format xml|--format must be text or json, not 'xml'"
"check --as-of 2026-13-01|--as-of must be a date YYYY-MM-DD, not '2026-13-01'"
"check --recorded-on 2026-02-30|--recorded-on must be a date YYYY-MM-DD, not '2026-02-30'"
"doc generate --org demo --kind appointment --person p1 --date 26-01-01|--date must be a date YYYY-MM-DD, not '26-01-01'"
"doc sign D-1 --scan x.pdf --on tomorrow|--on must be a date YYYY-MM-DD, not 'tomorrow'"
"notice send --to demo --id n1 --title t --received 2026-1-5|--received must be a date YYYY-MM-DD, not '2026-1-5'"
"calendar ics --as-of 2026-11|--as-of must be a date YYYY-MM-DD, not '2026-11'"
"restore|from where? (a directory made by zeren backup)"
"restore --from x|unknown option '--from'"
"restore a b|unexpected argument 'b'"
"policy draft|draft needs a FILE (.txt, .docx or .pdf)"
"report import|import needs the package FILE"
"export --org|option --org needs a value"
"export demo|unexpected argument 'demo'"
"posts a b|unexpected argument 'b'"
"workday add 2026-10-08 3 4|unexpected argument '4'"
"user list --role office|unknown option '--role'"
"obligations --org demo --as-of|option --as-of needs a value"
)
plan $((${#refused[@]} * 2 + 6 + 8))

for row in "${refused[@]}"; do
	IFS='|' read -r args msg <<<"$row"
	# shellcheck disable=SC2086
	ok "refused: zeren $args" expect_exit 2 z $args
	ok "… saying: $msg" grep -qF -- "$msg" "$ERR"
done

# The forms that work: --name=VALUE, options after the words, a negative number, and "--".
ok "--org=demo works" expect_exit 1 z check --org=demo --as-of=$DEMO_ON
ok "options may follow the words" expect_exit 0 z posts security_admin --format json
is "… and are read" "security_admin" "$(json "$OUT" 'd[0]["id"]')"
ok "a negative number is a word, not an option" expect_exit 0 z workday add 2026-10-08 -3
is "… three working days before" "2026-09-28" "$(head -1 "$OUT" | awk '{print $1}')"
ok "\"--\" ends the options" expect_exit 2 z posts -- --format

# The command table says which commands make a data directory (init, import, demo, workday); they
# parse their arguments first, so a mistyped one creates nothing.
for args in "init --bogus" "import --bogus x.json" "demo --as-of 1999-13-01" "workday add 2026-10-08 3abc"; do
	# shellcheck disable=SC2086
	ok "refused before anything is made: zeren $args" expect_exit 2 "$ZEREN" --data "$T/new" $args
	ok "… and no data directory appeared" test ! -e "$T/new"
done
finish
