package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// k8sObject is the part of a Kubernetes object the test reads.
type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				Containers []struct {
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

var shardArg = regexp.MustCompile(`--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/(\d+)"`)

// The Kubernetes manifest parses, its Indexed Job runs N shards whose
// command lines, for every JOB_COMPLETION_INDEX, the CLI accepts, and the
// index Job's command line is accepted too.
func TestKubernetesJob(t *testing.T) {
	b, err := os.ReadFile("../../deploy/kubernetes/legwork-squad-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	jobs := map[string]k8sObject{}
	for {
		var o k8sObject
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if o.Kind == "Job" {
			jobs[o.Metadata.Name] = o
		}
	}
	shards, ok := jobs["legwork-squad-shards"]
	if !ok {
		t.Fatal("no legwork-squad-shards Job")
	}
	s := shards.Spec
	if s.CompletionMode != "Indexed" || s.Completions < 1 || s.Parallelism != s.Completions {
		t.Errorf("shards: completionMode %q, completions %d, parallelism %d", s.CompletionMode, s.Completions, s.Parallelism)
	}
	c := s.Template.Spec.Containers[0]
	if len(c.Command) != 2 || c.Command[1] != "-c" || len(c.Args) != 1 {
		t.Fatalf("shards: want a shell command, got %q %q", c.Command, c.Args)
	}
	line := strings.SplitN(c.Args[0], "\n", 2)[0]
	m := shardArg.FindStringSubmatch(line)
	if m == nil || m[1] != strconv.Itoa(s.Completions) {
		t.Fatalf("shards: the command %q does not shard into completions = %d", line, s.Completions)
	}
	for i := range s.Completions {
		// what the shell runs for JOB_COMPLETION_INDEX = i
		l := shardArg.ReplaceAllString(line, "--shard "+strconv.Itoa(i+1)+"/"+m[1])
		args := strings.Fields(l)
		if args[0] != "legwork" || args[1] != "squad" {
			t.Fatalf("shards: %q does not run legwork squad", l)
		}
		o, err := parseFlags("squad", args[2:], io.Discard, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if o.squad.shardK != i+1 || o.squad.shardN != s.Completions || o.out != "/data/out" {
			t.Errorf("%q: shard %d/%d, out %s", l, o.squad.shardK, o.squad.shardN, o.out)
		}
	}

	index, ok := jobs["legwork-squad-index"]
	if !ok {
		t.Fatal("no legwork-squad-index Job")
	}
	ic := index.Spec.Template.Spec.Containers[0]
	if index.Spec.Completions != 1 || len(ic.Args) < 2 || ic.Args[0] != "squad" {
		t.Fatalf("index: %+v", index.Spec)
	}
	o, err := parseFlags("squad", ic.Args[1:], io.Discard, io.Discard)
	if err != nil || !o.squad.indexOnly || o.out != "/data/out" {
		t.Errorf("index: %q: %v", ic.Args, err)
	}
}
