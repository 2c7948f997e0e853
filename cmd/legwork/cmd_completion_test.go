package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func completionScript(t *testing.T, shell string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"completion", shell}, &stdout, &stderr); code != exitOK {
		t.Fatalf("completion %s: exit %d: %s", shell, code, stderr.String())
	}
	return stdout.String()
}

// Each script names every command and every flag of flagDefs, and the
// --units values.
func TestCompletionMentionsEverything(t *testing.T) {
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			script := completionScript(t, shell)
			for _, c := range commandNames() {
				if !strings.Contains(script, c) {
					t.Errorf("command %s missing", c)
				}
			}
			for _, d := range flagDefs(&flagValues{}) {
				if !strings.Contains(script, d.long) {
					t.Errorf("flag --%s missing", d.long)
				}
				if d.short != "" && !strings.Contains(script, "-"+d.short) && !strings.Contains(script, "-s "+d.short) {
					t.Errorf("flag -%s missing", d.short)
				}
				for _, v := range d.values {
					if !strings.Contains(script, v) {
						t.Errorf("value %q of --%s missing", v, d.long)
					}
				}
			}
		})
	}
}

// Each script is accepted by its shell's syntax check (-n), when that
// shell is installed.
func TestCompletionSyntax(t *testing.T) {
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			path, err := exec.LookPath(shell)
			if err != nil {
				t.Skipf("%s is not installed: syntax not checked", shell)
			}
			f := filepath.Join(t.TempDir(), "legwork."+shell)
			if err := os.WriteFile(f, []byte(completionScript(t, shell)), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(path, "-n", f).CombinedOutput(); err != nil {
				t.Fatalf("%s -n: %v\n%s", shell, err, out)
			}
		})
	}
}

// The bash script completes as a user would see it: commands, a
// command's flags, --units values.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	f := filepath.Join(t.TempDir(), "legwork.bash")
	if err := os.WriteFile(f, []byte(completionScript(t, "bash")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string // the words typed, the last one being completed
		want string // COMPREPLY joined by spaces
	}{
		{"legwork re", "report"},
		{"legwork co", "completion"},
		{"legwork run --units ", "mi km"},
		{"legwork shoes --j", "--json"},
		{"legwork inspect --o", ""},
		{"legwork run --a", "--as-of --alert"},
		{"legwork run --alert ", "info caution high"},
		{"legwork report --a", ""},
		{"legwork completion z", "zsh"},
		{"legwork help sh", "shoes"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			script := `source "$1"; read -ra COMP_WORDS <<<"$2"; [[ $2 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _legwork; echo "${COMPREPLY[*]}"`
			out, err := exec.Command(bash, "-c", script, "bash", f, tc.line).CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
