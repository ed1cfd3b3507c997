# bash completion for pointq. The commands and options come from the installed
# program itself (`pointq --list-commands`, `pointq COMMAND --help`), so they never
# drift from what it accepts.

_pointq_options()
{
    # Prints "--name VALUE" pairs from the help text; VALUE is empty for flags.
    pointq "$1" --help 2>/dev/null | sed -n 's/^  \(--[a-z0-9-]*\)\( [A-Z][A-Z,]*\)\{0,1\}.*/\1\2/p'
}

_pointq()
{
    local current previous command
    current=${COMP_WORDS[COMP_CWORD]}
    previous=${COMP_WORDS[COMP_CWORD-1]}

    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(pointq --list-commands 2>/dev/null) --help --version" -- "$current"))
        return
    fi
    command=${COMP_WORDS[1]}

    local options value_name
    options=$(_pointq_options "$command")
    if [[ "$previous" == --* ]]; then
        value_name=$(printf '%s\n' "$options" | awk -v name="$previous" '$1 == name { print $2 }')
        case "$value_name" in
            FILE|MODEL|CKPT|CFG|JSON|CSV|PDF|YAML|REPORT)
                compopt -o filenames
                COMPREPLY=($(compgen -f -- "$current"))
                return ;;
            DIR|FOLDER)
                compopt -o filenames
                COMPREPLY=($(compgen -d -- "$current"))
                return ;;
            PATH)
                compopt -o filenames
                COMPREPLY=($(compgen -f -- "$current"))
                return ;;
            "") ;;
            *)
                # A number, a list or a name: nothing sensible to offer.
                return ;;
        esac
    fi
    COMPREPLY=($(compgen -W "$(printf '%s\n' "$options" | awk '{ print $1 }') --help" -- "$current"))
}

complete -F _pointq pointq
