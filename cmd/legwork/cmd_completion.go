package main

import (
	"fmt"
	"io"
	"strings"
)

// completionCmd prints the completion script for the shell named in args.
// The scripts are made from commands and flagDefs, so a new flag or
// command is completed without touching them.
func completionCmd(stdout io.Writer, args []string) error {
	if len(args) != 1 {
		return &usageError{err: fmt.Errorf("name one shell: bash, zsh or fish"), help: "Run 'legwork completion --help' for usage.\n"}
	}
	var script string
	switch args[0] {
	case "bash":
		script = bashCompletion()
	case "zsh":
		script = zshCompletion()
	case "fish":
		script = fishCompletion()
	default:
		return &usageError{err: fmt.Errorf("shell %q: want bash, zsh or fish", args[0]), help: "Run 'legwork completion --help' for usage.\n"}
	}
	_, err := io.WriteString(stdout, script)
	return err
}

// shells are the shells completionCmd writes scripts for.
var shells = []string{"bash", "zsh", "fish"}

func commandNames() []string {
	names := make([]string, 0, len(commands)+1)
	for _, c := range commands {
		names = append(names, c.name)
	}
	return append(names, "help")
}

// takesFiles reports whether cmd's arguments are files (run's INPUTs,
// inspect's FILEs).
func takesFiles(cmd string) bool { return cmd == "run" || cmd == "inspect" }

// takesDir reports whether cmd's argument is a folder: squad's DIR (which
// --index-only makes optional).
func takesDir(cmd string) bool { return cmd == "squad" }

// brief is a flag's usage up to its default, for a completion menu.
func brief(d flagDef) string {
	s, _, _ := strings.Cut(d.usage, " (")
	s, _, _ = strings.Cut(s, ", as ")
	return s
}

// flagWords are the spellings of d: "-o --out" or "--units".
func flagWords(d flagDef) []string {
	if d.short != "" {
		return []string{"-" + d.short, "--" + d.long}
	}
	return []string{"--" + d.long}
}

func bashCompletion() string {
	var b strings.Builder
	fmt.Fprintf(&b, `# bash completion for legwork; install with
#   legwork completion bash > ~/.local/share/bash-completion/completions/legwork
_legwork() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} flags=
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "%s -h --help --version" -- "$cur"))
		return
	fi
	case "$prev" in
`, strings.Join(commandNames(), " "))
	for _, d := range flagDefs(&flagValues{}) {
		if d.arg == "" {
			continue
		}
		fmt.Fprintf(&b, "\t%s)\n\t\t", strings.Join(flagWords(d), "|"))
		switch d.complete {
		case "dir":
			b.WriteString(`COMPREPLY=($(compgen -d -- "$cur"))`)
		case "file":
			b.WriteString(`COMPREPLY=($(compgen -f -- "$cur"))`)
		case "values":
			fmt.Fprintf(&b, `COMPREPLY=($(compgen -W "%s" -- "$cur"))`, strings.Join(d.values, " "))
		default:
			b.WriteString(":")
		}
		b.WriteString("\n\t\treturn\n\t\t;;\n")
	}
	b.WriteString("\tesac\n\tcase \"${COMP_WORDS[1]}\" in\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "\t%s)\n", c.name)
		switch c.name {
		case "completion":
			fmt.Fprintf(&b, "\t\tCOMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n\t\treturn\n", strings.Join(shells, " "))
		default:
			var words []string
			for _, d := range commandFlags(c.name, &flagValues{}) {
				words = append(words, flagWords(d)...)
			}
			words = append(words, "-h", "--help")
			fmt.Fprintf(&b, "\t\tflags=\"%s\"\n", strings.Join(words, " "))
		}
		b.WriteString("\t\t;;\n")
	}
	fmt.Fprintf(&b, "\thelp)\n\t\tCOMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n\t\treturn\n\t\t;;\n", strings.Join(commandNames(), " "))
	b.WriteString(`	esac
	case "$cur" in
	-*)
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
		;;
	*)
		case "${COMP_WORDS[1]}" in
`)
	var fileCmds []string
	for _, c := range commands {
		if takesFiles(c.name) {
			fileCmds = append(fileCmds, c.name)
		}
	}
	fmt.Fprintf(&b, "\t\t%s) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n", strings.Join(fileCmds, "|"))
	for _, c := range commands {
		if takesDir(c.name) {
			fmt.Fprintf(&b, "\t\t%s) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n", c.name)
		}
	}
	b.WriteString(`		esac
		;;
	esac
}
complete -o filenames -F _legwork legwork
`)
	return b.String()
}

// zshQuote escapes s for a description inside '…[…]' in _arguments.
func zshQuote(s string) string {
	r := strings.NewReplacer(`'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`)
	return r.Replace(s)
}

func zshCompletion() string {
	var b strings.Builder
	b.WriteString(`#compdef legwork
# zsh completion for legwork; install with
#   legwork completion zsh > "${fpath[1]}/_legwork"
_legwork() {
	local -a cmds
	cmds=(
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "\t\t'%s:%s'\n", c.name, zshQuote(strings.ReplaceAll(c.forms[0].summary, "\n", " ")))
	}
	b.WriteString("\t\t'help:show the help of a command'\n\t)\n")
	b.WriteString(`	if (( CURRENT == 2 )); then
		_describe -t commands 'legwork command' cmds
		return
	fi
	local cmd=${words[2]}
	shift words
	(( CURRENT-- ))
	case $cmd in
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "\t%s)\n\t\t_arguments -s", c.name)
		for _, d := range commandFlags(c.name, &flagValues{}) {
			spec := "--" + d.long
			if d.short != "" {
				spec = fmt.Sprintf("'(-%s --%s)'{-%s,--%s}", d.short, d.long, d.short, d.long)
			}
			action := ""
			if d.arg != "" {
				switch d.complete {
				case "dir":
					action = ":" + strings.ToLower(d.arg) + ":_files -/"
				case "file":
					action = ":" + strings.ToLower(d.arg) + ":_files"
				case "values":
					action = ":" + d.long + ":(" + strings.Join(d.values, " ") + ")"
				default:
					action = ":" + strings.ToLower(d.arg) + ": "
				}
			}
			fmt.Fprintf(&b, " \\\n\t\t\t%s'[%s]%s'", spec, zshQuote(brief(d)), action)
		}
		b.WriteString(" \\\n\t\t\t'(- *)'{-h,--help}'[show this help]'")
		switch {
		case c.name == "completion":
			fmt.Fprintf(&b, " \\\n\t\t\t'1:shell:(%s)'", strings.Join(shells, " "))
		case takesFiles(c.name):
			b.WriteString(" \\\n\t\t\t'*:file:_files'")
		case takesDir(c.name):
			b.WriteString(" \\\n\t\t\t'1::folder:_files -/'")
		}
		b.WriteString("\n\t\t;;\n")
	}
	fmt.Fprintf(&b, "\thelp)\n\t\t_arguments '1:command:(%s)'\n\t\t;;\n", strings.Join(commandNames(), " "))
	b.WriteString(`	esac
}
if [ "$funcstack[1]" = "_legwork" ]; then
	_legwork "$@"
else
	compdef _legwork legwork
fi
`)
	return b.String()
}

// fishQuote quotes s for fish in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func fishCompletion() string {
	var b strings.Builder
	b.WriteString(`# fish completion for legwork; install with
#   legwork completion fish > ~/.config/fish/completions/legwork.fish
complete -c legwork -f
`)
	all := strings.Join(commandNames(), " ")
	for _, c := range commands {
		fmt.Fprintf(&b, "complete -c legwork -n 'not __fish_seen_subcommand_from %s' -a %s -d %s\n",
			all, c.name, fishQuote(strings.ReplaceAll(c.forms[0].summary, "\n", " ")))
	}
	fmt.Fprintf(&b, "complete -c legwork -n 'not __fish_seen_subcommand_from %s' -a help -d 'show the help of a command'\n", all)
	for _, c := range commands {
		cond := fmt.Sprintf("-n '__fish_seen_subcommand_from %s'", c.name)
		for _, d := range commandFlags(c.name, &flagValues{}) {
			fmt.Fprintf(&b, "complete -c legwork %s", cond)
			if d.short != "" {
				fmt.Fprintf(&b, " -s %s", d.short)
			}
			fmt.Fprintf(&b, " -l %s", d.long)
			if d.arg != "" {
				switch d.complete {
				case "dir":
					b.WriteString(" -r -a '(__fish_complete_directories)'")
				case "file":
					b.WriteString(" -r -F")
				case "values":
					fmt.Fprintf(&b, " -x -a '%s'", strings.Join(d.values, " "))
				default:
					b.WriteString(" -x")
				}
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(brief(d)))
		}
		fmt.Fprintf(&b, "complete -c legwork %s -s h -l help -d 'show this help'\n", cond)
		switch {
		case c.name == "completion":
			fmt.Fprintf(&b, "complete -c legwork %s -x -a '%s'\n", cond, strings.Join(shells, " "))
		case takesFiles(c.name):
			fmt.Fprintf(&b, "complete -c legwork %s -F\n", cond)
		case takesDir(c.name):
			fmt.Fprintf(&b, "complete -c legwork %s -x -a '(__fish_complete_directories)'\n", cond)
		}
	}
	fmt.Fprintf(&b, "complete -c legwork -n '__fish_seen_subcommand_from help' -x -a '%s'\n", all)
	return b.String()
}
