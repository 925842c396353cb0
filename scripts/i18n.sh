#!/usr/bin/env bash
# Extract user-facing strings, merge them into the ru and en catalogs, and compile.
# Usage: scripts/i18n.sh          (extract + update + compile)
#        scripts/i18n.sh compile  (compile only)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=facilitator/translations
if [ "${1:-}" != "compile" ]; then
  pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k lazy_ngettext:1,2 \
    -k pgettext:1c,2 -k lazy_pgettext:1c,2 -k npgettext:1c,2,3 \
    --no-location --sort-output --omit-header -o "$dir/messages.pot" .
  for lang in ru en; do
    if [ -f "$dir/$lang/LC_MESSAGES/messages.po" ]; then
      pybabel update -i "$dir/messages.pot" -d "$dir" -l "$lang" --no-fuzzy-matching --omit-header
    else
      pybabel init -i "$dir/messages.pot" -d "$dir" -l "$lang"
    fi
  done
  python scripts/merge_translations.py
fi
pybabel compile -d "$dir" --statistics
