// Package deploy holds the systemd unit and the image's Dockerfile; its
// tests check them with the real tools where they are installed.
package deploy_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServiceUnitVerifies runs systemd-analyze verify on the unit, its
// ExecStart pointed at an executable that exists here (this test's
// binary: verify checks that the command is executable).
func TestServiceUnitVerifies(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
	}
	unit, err := os.ReadFile("postcrm.service")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"User=postcrm", "NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=postcrm", "CapabilityBoundingSet=\n"} {
		if !bytes.Contains(unit, []byte(want)) {
			t.Errorf("the unit lacks %q", want)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "postcrm.service")
	if err := os.WriteFile(path, bytes.ReplaceAll(unit, []byte("/usr/local/bin/postcrm"), []byte(self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "verify", path).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestImageAnswersHealthz builds the binary (CGO_ENABLED=0), the image
// FROM scratch around it, runs it and asks /healthz. Nothing is pulled.
// Skipped where no Docker daemon answers.
func TestImageAnswersHealthz(t *testing.T) {
	docker, err := exec.LookPath("docker")
	if err != nil {
		t.Skip("docker is not installed")
	}
	if out, err := exec.Command(docker, "info").CombinedOutput(); err != nil {
		t.Skipf("no Docker daemon answers (%v): %s", err, lastLine(out))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	dockerfile, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), dockerfile, 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.CommandContext(ctx, "go", "build", "-tags", "timetzdata", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "postcrm"), "../cmd/postcrm")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tag := fmt.Sprintf("postcrm-test:%d", time.Now().UnixNano())
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(ctx, docker, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("build", "--pull=false", "-t", tag, dir)
	defer exec.Command(docker, "rmi", "-f", tag).Run()
	id := run("run", "-d", "-p", "127.0.0.1::8080", tag)
	defer exec.Command(docker, "rm", "-f", id).Run()
	addr := lastLine([]byte(run("port", id, "8080/tcp")))
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("healthz: %d", resp.StatusCode)
			}
			return
		}
		if time.Now().After(deadline) {
			logs, _ := exec.Command(docker, "logs", id).CombinedOutput()
			t.Fatalf("the container does not answer /healthz: %v\n%s", err, logs)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
