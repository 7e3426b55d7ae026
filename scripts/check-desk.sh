#!/usr/bin/env bash
# Checks, from the built contracts' metadata, that the market and its desk
# agree: every message the market forwards to the desk (all but its hot path)
# exists in the desk under the same selector, with the same arguments and the
# same return type, and the desk answers nothing the market does not declare.
# A forwarded message the desk did not answer would trap on chain; one with
# other arguments would decode them wrongly.
#
# Usage: scripts/check-desk.sh    # after scripts/build.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
use_contract_toolchain

# The market's own code: what a purchase, a renewal, a deposit and the license
# checks of other contracts run without entering the desk.
HOT='["buy", "renew", "LicenseCheck::is_licensed", "LicenseCheck::license",
  "DerivativeRights::derivative_royalty", "Royalties::deposit", "Royalties::deposit_use"]'

metadata() {
  local file="$CARGO_TARGET_DIR/ink/modelmint_$1/modelmint_$1.json"
  [ -f "$file" ] || die "$file is missing: run scripts/build.sh first"
  # Each message as its selector, argument names and type names, return type.
  # (`label` is a jq keyword: the keys are spelled out.)
  jq -c '[.spec.messages[] | {
      "label": .label, "selector": .selector, "payable": .payable,
      "args": [.args[] | {"label": .label, "type": (.type.displayName | join("::"))}],
      "returns": (.returnType.displayName | join("::"))
    }] | sort_by(.label)' "$file"
}

market=$(metadata market)
desk=$(metadata market_desk)
report=$(jq -rn --argjson market "$market" --argjson desk "$desk" --argjson hot "$HOT" '
  ($market | map(select(.label as $l | $hot | index($l) | not))) as $forwarded
  | ($desk | map({key: .label, value: .}) | from_entries) as $by_label
  | ($forwarded | map(.label)) as $labels
  | [ ($forwarded[] | select($by_label[.label] == null) | "the desk does not answer \(.label)"),
      ($forwarded[] | select($by_label[.label] != null and (del(.payable) != ($by_label[.label] | del(.payable))))
        | "\(.label) differs: market \(.) vs desk \($by_label[.label])"),
      ($desk[] | select(.label as $l | ($labels | index($l) | not) and ($hot | index($l) | not))
        | "the desk answers \(.label), which the market does not declare") ]
  | .[]')
if [ -n "$report" ]; then
  printf '%s\n' "$report" >&2
  die "the market and its desk disagree"
fi
ok "$(jq 'length' <<<"$market") market messages: $(jq --argjson hot "$HOT" 'map(select(.label as $l | $hot | index($l))) | length' <<<"$market") in its own code, the rest forwarded to a desk that answers each under the same selector"
