// Package backup copies a SQLite store while a server writes to it and
// restores such a copy. A backup is one gzip-compressed tar file holding
// manifest.json (schema version, row counts per table, the database's
// SHA-256) and postcrm.db, the copy SQLite's VACUUM INTO makes within one
// read transaction, so it is the store as of one instant however long
// the copy takes and whatever commits meanwhile. A PostgreSQL store is
// backed up by pg_dump and restored by pg_restore (pg.go). See
// docs/operations.md.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	_ "modernc.org/sqlite" // opens the copy to count it

	"postcrm"
)

// Manifest describes a backup.
type Manifest struct {
	Format  int              `json:"format"` // 1
	Store   string           `json:"store"`  // "sqlite"
	Schema  int              `json:"schema"` // the highest migration applied
	Created time.Time        `json:"created"`
	Bytes   int64            `json:"bytes"`  // of postcrm.db
	SHA256  string           `json:"sha256"` // of postcrm.db, hex
	Tables  map[string]int64 `json:"tables"` // rows per table
}

const (
	manifestName = "manifest.json"
	dbName       = "postcrm.db"
	// Suffix ends every backup file's name.
	Suffix = ".tar.gz"
)

// Name is the file name of a backup taken at t, in China time: sorting
// the names sorts the backups by age.
func Name(t time.Time) string {
	return "postcrm-" + t.In(postcrm.ChinaTime).Format("20060102-150405") + Suffix
}

// SQLite writes a backup of the store open as db into the file dst.
func SQLite(ctx context.Context, db *sql.DB, dst string) (Manifest, error) {
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Manifest{}, fmt.Errorf("备份目录 %s: %w", dir, err)
	}
	snap := filepath.Join(dir, fmt.Sprintf(".postcrm-snapshot-%d.db", time.Now().UnixNano()))
	defer os.Remove(snap)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", snap); err != nil {
		return Manifest{}, fmt.Errorf("复制数据库（VACUUM INTO）: %w", err)
	}
	m, err := describe(ctx, snap)
	if err != nil {
		return m, err
	}
	m.Created = time.Now().UTC()
	tmp := dst + ".part"
	if err := pack(tmp, m, snap); err != nil {
		os.Remove(tmp)
		return m, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return m, err
	}
	return m, nil
}

// describe counts the rows of every table of the SQLite file at path,
// reads its schema version and checksums it.
func describe(ctx context.Context, path string) (Manifest, error) {
	m := Manifest{Format: 1, Store: "sqlite", Tables: map[string]int64{}}
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		return m, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return m, fmt.Errorf("读取备份的表: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return m, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return m, fmt.Errorf("数表 %s 的行: %w", t, err)
		}
		m.Tables[t] = n
	}
	if slices.Contains(tables, "schema_migrations") {
		if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&m.Schema); err != nil {
			return m, err
		}
	}
	m.SHA256, m.Bytes, err = checksum(path)
	return m, err
}

func checksum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// pack writes the manifest, then the database, as a gzip-compressed tar.
func pack(dst string, m Manifest, db string) error {
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	defer out.Close()
	// The fastest level: it compresses the store about 4:1 at a
	// fraction of the default level's time (docs/operations.md).
	gz, err := gzip.NewWriterLevel(out, gzip.BestSpeed)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o640, Size: int64(len(body)), ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := tw.Write(body); err != nil {
		return err
	}
	f, err := os.Open(db)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := tw.WriteHeader(&tar.Header{Name: dbName, Mode: 0o640, Size: m.Bytes, ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := io.Copy(tw, f); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return out.Sync()
}

// ErrNewerSchema is what Restore returns for a backup of a newer schema
// than this binary knows.
var ErrNewerSchema = errors.New("备份来自更新版本的 postcrm")

// ReadManifest reads the manifest at the head of a backup file.
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	tr, closeGz, err := openTar(f)
	if err != nil {
		return m, fmt.Errorf("%s 不是 postcrm 备份: %w", path, err)
	}
	defer closeGz()
	return readManifest(tr, path)
}

func openTar(r io.Reader) (*tar.Reader, func(), error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, err
	}
	return tar.NewReader(gz), func() { gz.Close() }, nil
}

func readManifest(tr *tar.Reader, path string) (Manifest, error) {
	var m Manifest
	h, err := tr.Next()
	if err != nil || h.Name != manifestName {
		return m, fmt.Errorf("%s 不是 postcrm 备份：开头没有 %s", path, manifestName)
	}
	if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&m); err != nil {
		return m, fmt.Errorf("%s 的 %s: %w", path, manifestName, err)
	}
	if m.Format != 1 || m.Store != "sqlite" {
		return m, fmt.Errorf("%s：不认识的备份格式 %d（%s）", path, m.Format, m.Store)
	}
	return m, nil
}

// Restore checks the backup at path and writes its database to the
// SQLite file target. A backup of a newer schema than maxSchema (this
// binary's) is refused; the database must match the manifest's checksum
// and row counts. An existing target (with its -wal and -shm) is moved
// aside to target.before-restore-TIME, whose name is returned.
func Restore(ctx context.Context, path, target string, maxSchema int) (Manifest, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, "", err
	}
	defer f.Close()
	tr, closeGz, err := openTar(f)
	if err != nil {
		return Manifest{}, "", fmt.Errorf("%s 不是 postcrm 备份: %w", path, err)
	}
	defer closeGz()
	m, err := readManifest(tr, path)
	if err != nil {
		return m, "", err
	}
	if m.Schema > maxSchema {
		return m, "", fmt.Errorf("%w：备份的数据库结构是第 %d 版，这个程序只认识到第 %d 版；请用新版本的 postcrm 恢复", ErrNewerSchema, m.Schema, maxSchema)
	}
	h, err := tr.Next()
	if err != nil || h.Name != dbName {
		return m, "", fmt.Errorf("%s 里没有 %s", path, dbName)
	}
	tmp := target + ".restoring"
	if err := unpack(tr, tmp); err != nil {
		os.Remove(tmp)
		return m, "", err
	}
	check, err := describe(ctx, tmp)
	if err == nil {
		err = agree(m, check)
	}
	if err != nil {
		os.Remove(tmp)
		return m, "", fmt.Errorf("%s 已损坏: %w", path, err)
	}
	aside := ""
	if _, err := os.Stat(target); err == nil {
		aside = target + ".before-restore-" + time.Now().UTC().Format("20060102-150405")
		for _, ext := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(target+ext, aside+ext); err != nil && !errors.Is(err, os.ErrNotExist) {
				os.Remove(tmp)
				return m, "", err
			}
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return m, aside, err
	}
	return m, aside, nil
}

func unpack(r io.Reader, dst string) error {
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// agree compares what the manifest says with what the file holds.
func agree(want, got Manifest) error {
	if want.SHA256 != got.SHA256 || want.Bytes != got.Bytes {
		return fmt.Errorf("校验和不符：清单 %s（%d 字节），文件 %s（%d 字节）", want.SHA256, want.Bytes, got.SHA256, got.Bytes)
	}
	if want.Schema != got.Schema {
		return fmt.Errorf("数据库结构版本不符：清单 %d，文件 %d", want.Schema, got.Schema)
	}
	for t, n := range want.Tables {
		if got.Tables[t] != n {
			return fmt.Errorf("表 %s 的行数不符：清单 %d，文件 %d", t, n, got.Tables[t])
		}
	}
	return nil
}

// Keep deletes the oldest backups in dir beyond the newest keep (0
// keeps all) and returns the names deleted.
func Keep(dir string, keep int) ([]string, error) {
	if keep <= 0 {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasPrefix(n, "postcrm-") && (strings.HasSuffix(n, Suffix) || strings.HasSuffix(n, PGSuffix)) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var gone []string
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return gone, err
		}
		gone, names = append(gone, names[0]), names[1:]
	}
	return gone, nil
}
