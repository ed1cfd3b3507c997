#!/usr/bin/env bash
# Writes pointq.1 from a hand-written frame (pointq.1.in) and the help text of every
# command the built program lists, so the man page cannot fall behind the options.
# usage: make-pointq-man.sh POINTQ_BINARY FRAME OUTPUT
set -euo pipefail
binary=$1
frame=$2
output=$3

# Escapes roff's special characters in help text: backslashes, leading dots and quotes.
escape_roff() {
    sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/" -e 's/-/\\-/g'
}

commands_section() {
    local command
    for command in $("$binary" --list-commands); do
        printf '.SS "pointq %s"\n' "$command"
        # The whole help text, as preformatted lines.
        printf '.nf\n'
        POINTQ_DATA_DIR=${POINTQ_DATA_DIR:-} "$binary" "$command" --help | escape_roff
        printf '.fi\n'
    done
}

temporary=$(mktemp "${output}.XXXXXX")
trap 'rm -f "$temporary"' EXIT
while IFS= read -r line; do
    if [ "$line" = "@COMMANDS@" ]; then
        commands_section
    else
        printf '%s\n' "$line"
    fi
done < "$frame" > "$temporary"
mv "$temporary" "$output"
trap - EXIT
