package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/backup"
	"postcrm/postgres/pgtest"
	"postcrm/schedule"
	"postcrm/sqlite"
	"postcrm/sqlstore"
	"postcrm/storetest"
)

// fillStore imports the org and 600 waybills into dir's store.
func fillStore(t *testing.T, dir string) {
	t.Helper()
	importOrg(t, dir)
	withTestStore(t, dir, func(s *sqlstore.Store) {
		if _, err := s.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: storetest.NewWaybillGen(5).Batch(600)}); err != nil {
			t.Fatal(err)
		}
	})
}

func count(t *testing.T, dir, table string) int64 {
	t.Helper()
	var n int64
	withTestStore(t, dir, func(s *sqlstore.Store) {
		if err := s.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
	})
	return n
}

// TestOpsUpgradeFromPreviousLayout: a store the previous release wrote
// (schema 19, testdata/layout19.db.gz) is backed up before it is
// migrated, keeps its data, and the backup holds the old layout. A store
// from a newer version is refused with the versions named.
func TestOpsUpgradeFromPreviousLayout(t *testing.T) {
	dir := t.TempDir()
	unpackOldStore(t, filepath.Join(dir, "crm.db"))
	// withTestStore migrates: go round it to check the layout is the old one.
	out, err := runCLI(t, dir, "stats")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`已先备份到 (\S+?)（`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no backup before the upgrade:\n%s", out)
	}
	if !strings.HasPrefix(m[1], filepath.Join(dir, "backups", "postcrm-")) ||
		!regexp.MustCompile(fmt.Sprintf(`-before-%04d_\w+\.tar\.gz$`, latestSchema(t))).MatchString(m[1]) {
		t.Errorf("backup file %s", m[1])
	}
	man, err := backup.ReadManifest(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if man.Schema != 19 || man.Tables["waybills"] != 600 || man.Tables["job_runs"] != 0 {
		t.Errorf("the backup before the upgrade: schema %d, %d waybills, tables %v", man.Schema, man.Tables["waybills"], man.Tables)
	}
	if _, ok := man.Tables["job_leases"]; ok {
		t.Error("the backup before the upgrade has the new tables")
	}
	if n := count(t, dir, "waybills"); n != 600 {
		t.Errorf("%d waybills after the upgrade", n)
	}
	if n := count(t, dir, "job_leases"); n != 0 {
		t.Errorf("%d job leases after the upgrade", n)
	}
	// Opening again migrates nothing and backs nothing up.
	if out, err := runCLI(t, dir, "stats"); err != nil || strings.Contains(out, "备份") {
		t.Errorf("second open: %v\n%s", err, out)
	}
	// The backup restores to the old layout, which the next open upgrades again.
	restored := t.TempDir()
	if out, err := runCLI(t, restored, "restore", m[1]); err != nil || !strings.Contains(out, "第 19 版") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if out, err := runCLI(t, restored, "stats"); err != nil || !strings.Contains(out, "已先备份到") {
		t.Errorf("opening the restored old store: %v\n%s", err, out)
	}
	latest := latestSchema(t)
	withTestStore(t, dir, func(s *sqlstore.Store) {
		if _, err := s.DB().Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 0)", latest+1); err != nil {
			t.Fatal(err)
		}
	})
	_, err = runCLI(t, dir, "stats")
	if want := fmt.Sprintf("数据库来自更新版本的 postcrm：数据库结构已是第 %d 版，这个程序只认识到第 %d 版", latest+1, latest); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("opening a newer store: %v", err)
	}
}

// TestOpsBackupRestoreKeep: backup writes a checked file, keeps the
// newest backup.keep in the backup directory, and restore brings the
// store back, moving the one it replaces aside.
func TestOpsBackupRestoreKeep(t *testing.T) {
	dir := t.TempDir()
	fillStore(t, dir)
	cfg := filepath.Join(dir, "postcrm.toml")
	if err := os.WriteFile(cfg, []byte("[backup]\nkeep = 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, "one.tar.gz")
	out, err := runCLI(t, dir, "--config", cfg, "backup", "--to", to)
	if err != nil || !strings.Contains(out, "已备份到 "+to) || !strings.Contains(out, fmt.Sprintf("数据库结构第 %d 版", latestSchema(t))) {
		t.Fatalf("backup --to: %v\n%s", err, out)
	}
	for i := range 3 {
		out, err := runCLI(t, dir, "--config", cfg, "backup")
		if err != nil {
			t.Fatal(err)
		}
		if (i == 2) != strings.Contains(out, "按 backup.keep=2 删除了较早的 1 份") {
			t.Errorf("backup %d: %s", i, out)
		}
		time.Sleep(1100 * time.Millisecond) // names are by the second
	}
	files, _ := filepath.Glob(filepath.Join(dir, "backups", "postcrm-*.tar.gz"))
	if len(files) != 2 {
		t.Errorf("backups kept: %v", files)
	}
	withTestStore(t, dir, func(s *sqlstore.Store) {
		if _, err := s.DB().Exec("DELETE FROM waybills"); err != nil {
			t.Fatal(err)
		}
	})
	out, err = runCLI(t, dir, "restore", to)
	if err != nil || !strings.Contains(out, "收寄明细 600 条") || !strings.Contains(out, "原来的数据库已移到") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if n := count(t, dir, "waybills"); n != 600 {
		t.Errorf("%d waybills after restoring", n)
	}
	if _, err := runCLI(t, dir, "restore", cfg); err == nil {
		t.Error("restored a configuration file")
	}
}

// TestOpsPrune: prune deletes the waybills older than the months kept
// and says how many; without a setting it deletes nothing.
func TestOpsPrune(t *testing.T) {
	dir := t.TempDir()
	fillStore(t, dir) // March 2024
	if out, err := runCLI(t, dir, "prune"); err != nil || !strings.Contains(out, "全部保留") {
		t.Errorf("prune without a setting: %v %s", err, out)
	}
	if _, err := runCLI(t, dir, "prune", "--months", "2"); err == nil {
		t.Error("pruned to 2 months")
	}
	out, err := runCLI(t, dir, "prune", "--months", "12")
	if err != nil || !strings.Contains(out, "收寄明细 600 条") || !strings.Contains(out, "空闲空间") {
		t.Errorf("prune: %v %s", err, out)
	}
	if n := count(t, dir, "waybills"); n != 0 {
		t.Errorf("%d waybills after pruning", n)
	}
	if n := count(t, dir, "courier_daily"); n == 0 {
		t.Error("pruning deleted the rollups")
	}
}

// TestOpsConfigCheck: config check names every bad key, from the file
// and from the environment, and accepts a good configuration.
func TestOpsConfigCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte(`listen = "8080"
db = "/no/such/dir/postcrm.db"
colour = "blue"
[tls]
cert = "/no/cert.pem"
[backup]
keep = -1
[retention]
waybill_months = 1
[notices]
every = "soon"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, dir, "--config", bad, "config", "check")
	if err == nil {
		t.Fatal("a bad configuration passed")
	}
	for _, want := range []string{"colour：不认识的设置", "listen：应为 主机:端口", "tls.cert：tls.cert 和 tls.key 要一起设置", "backup.keep：不能小于 0",
		"retention.waybill_months：应为 0（全部保留）或至少 3 个月", "notices.every：应为时长"} {
		if !strings.Contains(out, want) {
			t.Errorf("config check does not say %q:\n%s", want, out)
		}
	}
	// (--db overrides the file's db, so its directory is not checked here.)
	if _, err := runCLI(t, dir, "--config", bad, "stats"); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("another command with a bad configuration: %v", err)
	}
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte("listen = \"127.0.0.1:9090\"\n[backup]\ndir = \""+filepath.Join(dir, "b")+"\"\nkeep = 7\n[schedule]\nenabled = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, dir, "--config", good, "config", "check")
	if err != nil || !strings.Contains(out, "没有问题") || !strings.Contains(out, "监听 127.0.0.1:9090") || !strings.Contains(out, "定时任务 关") || !strings.Contains(out, "保留 7 份") {
		t.Errorf("good configuration: %v\n%s", err, out)
	}
	t.Setenv("POSTCRM_BACKUP_KEEP", "many")
	if out, err := runCLI(t, dir, "--config", good, "config", "check"); err == nil || !strings.Contains(out, "backup.keep（环境变量 POSTCRM_BACKUP_KEEP）：应为整数") {
		t.Errorf("a bad variable: %v\n%s", err, out)
	}
	t.Setenv("POSTCRM_BACKUP_KEEP", "3")
	if out, err := runCLI(t, dir, "--config", good, "config", "check"); err != nil || !strings.Contains(out, "保留 3 份") {
		t.Errorf("a variable over the file: %v\n%s", err, out)
	}
	if _, err := runCLI(t, dir, "--config", filepath.Join(dir, "missing.toml"), "stats"); err == nil {
		t.Error("a missing configuration file given with --config passed")
	}
}

// startServe runs serve on a free port with cfg until the test ends and
// returns its address.
func startServe(t *testing.T, dir string, cfg config, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		e := &env{dsn: filepath.Join(dir, "crm.db"), cfg: cfg, stdout: pw, stderr: io.Discard}
		done <- runServe(ctx, e, append([]string{"--addr", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing: %v", <-done)
	}
	first := lines.Text()
	t.Cleanup(func() {
		cancel()
		for lines.Scan() {
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	i := strings.Index(first, "http")
	if i < 0 {
		t.Fatalf("no address in %q", first)
	}
	return strings.Fields(first[i:])[0]
}

// TestOpsServeRunsTheSchedule: serve runs a job due today at once: the
// backup set to 00:00 (the others stopped) leaves a backup and a logged
// run.
func TestOpsServeRunsTheSchedule(t *testing.T) {
	dir := t.TempDir()
	fillStore(t, dir)
	admin := postcrm.Actor{User: "test"}
	cfg := defaultConfig()
	withTestStore(t, dir, func(s *sqlstore.Store) {
		// every job serve registers stopped but the backup, so that no
		// other is due whatever the time of day
		jobs := schedule.New(nil, "", nil, nil)
		registerJobs(jobs, &env{cfg: cfg}, s)
		for _, j := range jobs.Jobs() {
			set := postcrm.JobSetting{Job: j.Name, At: j.At, Grace: j.Grace}
			if j.Name == "backup" {
				set.At, set.Enabled = 0, true
			}
			if err := s.SaveJobSetting(context.Background(), set, admin); err != nil {
				t.Fatal(err)
			}
		}
	})
	cfg.Backup.Dir = filepath.Join(dir, "nightly")
	startServe(t, dir, cfg)
	deadline := time.Now().Add(20 * time.Second)
	var runs []postcrm.JobRun
	for time.Now().Before(deadline) && len(runs) == 0 {
		time.Sleep(100 * time.Millisecond)
		withTestStore(t, dir, func(s *sqlstore.Store) {
			var err error
			if runs, err = s.JobRuns(context.Background(), 10); err != nil {
				t.Fatal(err)
			}
		})
	}
	if len(runs) != 1 || runs[0].Job != "backup" || !runs[0].OK || runs[0].Slot != postcrm.DateOf(time.Now()).String() {
		t.Fatalf("runs %+v", runs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "nightly", "postcrm-*.tar.gz"))
	if len(files) != 1 || !strings.Contains(runs[0].Detail, files[0]) {
		t.Errorf("backups %v, run %q", files, runs[0].Detail)
	}
}

// TestOpsServeHTTPS: with tls.cert and tls.key serve answers HTTPS.
func TestOpsServeHTTPS(t *testing.T) {
	dir := t.TempDir()
	cfg := defaultConfig()
	cfg.TLS.Cert, cfg.TLS.Key = selfSigned(t, dir)
	addr := startServe(t, dir, cfg, "--no-schedule")
	if !strings.HasPrefix(addr, "https://") {
		t.Fatalf("serve announced %s", addr)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get(addr + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("healthz over TLS: %d", resp.StatusCode)
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (string, string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, keyFile
}

// TestOpsExampleConfiguration: the example configuration in deploy/ has
// only keys postcrm knows, and says what the defaults are.
func TestOpsExampleConfiguration(t *testing.T) {
	c, err := loadConfig("../../deploy/postcrm.toml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	d := defaultConfig()
	if c.Listen != d.Listen || c.Notices.Every != d.Notices.Every || c.Web.MaxUploadMB != d.Web.MaxUploadMB || c.Backup.Keep != d.Backup.Keep || !c.scheduleOn() {
		t.Errorf("the example's values differ from the defaults it documents: %+v", c)
	}
}

// TestOpsPostgresBackupRestore: on PostgreSQL backup runs pg_dump into
// the backup directory and restore brings the rows back with
// pg_restore. Skipped without the client tools or a server.
func TestOpsPostgresBackupRestore(t *testing.T) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump is not installed (apt-get install postgresql-client)")
	}
	dsn := pgtest.FreshSchema(t)
	dir := t.TempDir()
	pg := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"--db", dsn}, args...), &out, &out)
		return out.String(), err
	}
	s, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: storetest.NewWaybillGen(9).Batch(300)}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("POSTCRM_BACKUP_DIR", dir)
	out, err := pg("backup")
	if err != nil || !strings.Contains(out, "已用 pg_dump 备份到 "+dir) {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "postcrm-*"+backup.PGSuffix))
	if len(files) != 1 {
		t.Fatalf("backups %v", files)
	}
	if _, err := s.DB().Exec("DELETE FROM waybills"); err != nil {
		t.Fatal(err)
	}
	if out, err := pg("restore", files[0]); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	var n int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM waybills").Scan(&n); err != nil || n != 300 {
		t.Errorf("%d waybills after restoring (%v)", n, err)
	}
}

// TestOpsMonthlyJobWaitsForTheData: the monthly job's month is in once
// the last day with waybills reaches its end; a month without any
// waybills is done with nothing analysed.
func TestOpsMonthlyJobWaitsForTheData(t *testing.T) {
	dir := t.TempDir()
	fillStore(t, dir) // 1 March 2024
	withTestStore(t, dir, func(s *sqlstore.Store) {
		ctx := context.Background()
		for month, want := range map[postcrm.Month]bool{202402: true, 202403: false} {
			if in, err := monthDataIn(ctx, s, month); err != nil || in != want {
				t.Errorf("data of %d in: %v %v, want %v", month, in, err, want)
			}
		}
		line, err := monthlyJob(ctx, s, schedule.Occurrence{Slot: "2024-04", Month: 202404, Day: postcrm.NewDate(2024, 5, 1), Complete: true})
		if err != nil || !strings.Contains(line, "没有 2024-04 的收寄明细") {
			t.Errorf("monthly job of an empty month: %q %v", line, err)
		}
	})
}

// unpackOldStore writes testdata/layout19.db.gz, a store of the previous
// release's layout, to path.
func unpackOldStore(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "layout19.db.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// latestSchema is the schema version this binary writes.
func latestSchema(t *testing.T) int {
	t.Helper()
	v, err := sqlstore.Latest(sqlite.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
