package backup

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// PGSuffix ends a PostgreSQL backup's name: pg_dump's custom format.
const PGSuffix = ".pgdump"

// PGName is the file name of a PostgreSQL backup taken at t.
func PGName(t time.Time) string { return strings.TrimSuffix(Name(t), Suffix) + PGSuffix }

// ErrNoPGTools says pg_dump or pg_restore is not installed.
var ErrNoPGTools = fmt.Errorf("没有找到 pg_dump / pg_restore：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client），或自行用它们备份")

// PGDump writes the database at dsn (a postgres:// URL, whose
// search_path, if any, names the schema) to dst in pg_dump's custom
// format, which is compressed and restored table by table.
func PGDump(ctx context.Context, dsn, dst string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return ErrNoPGTools
	}
	url, schema := splitSchema(dsn)
	args := []string{"--format=custom", "--no-owner", "--file=" + dst}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	return runTool(ctx, bin, append(args, url)...)
}

// PGRestore restores a pg_dump file into the database at dsn, replacing
// the objects it holds.
func PGRestore(ctx context.Context, dsn, src string) error {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return ErrNoPGTools
	}
	url, _ := splitSchema(dsn)
	return runTool(ctx, bin, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname="+url, src)
}

// splitSchema takes the search_path parameter out of a URL: libpq's
// tools do not know it, and pg_dump takes the schema as --schema.
func splitSchema(dsn string) (string, string) {
	base, query, ok := strings.Cut(dsn, "?")
	if !ok {
		return dsn, ""
	}
	var keep []string
	schema := ""
	for _, kv := range strings.Split(query, "&") {
		if v, ok := strings.CutPrefix(kv, "search_path="); ok {
			schema = v
			continue
		}
		keep = append(keep, kv)
	}
	if len(keep) == 0 {
		return base, schema
	}
	return base + "?" + strings.Join(keep, "&"), schema
}

func runTool(ctx context.Context, bin string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", bin, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
