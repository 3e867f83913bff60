package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"postcrm/backup"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "[--to FILE]")
	to := fs.String("to", "", "备份文件（默认：备份目录 backup.dir 下按时间命名，并按 backup.keep 只留最近几份）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		line, err := takeBackup(ctx, e, s, *to)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, line)
		return nil
	})
}

// takeBackup backs the store up into to, or into the backup directory
// (then keeping the newest backup.keep), and says what it did in a line.
func takeBackup(ctx context.Context, e *env, s *sqlstore.Store, to string) (string, error) {
	dir := e.cfg.backupDir(e.dsn)
	now := time.Now()
	if isPostgres(e.dsn) {
		if to == "" {
			to = filepath.Join(dir, backup.PGName(now))
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
			return "", err
		}
		if err := backup.PGDump(ctx, e.dsn, to); err != nil {
			return "", err
		}
		return keepBackups(e, to, to == filepath.Join(dir, backup.PGName(now)), "已用 pg_dump 备份到 "+to)
	}
	inDir := to == ""
	if inDir {
		to = filepath.Join(dir, backup.Name(now))
	}
	m, err := backup.SQLite(ctx, s.DB(), to)
	if err != nil {
		return "", err
	}
	var total int64
	for _, n := range m.Tables {
		total += n
	}
	st, _ := os.Stat(to)
	line := fmt.Sprintf("已备份到 %s：数据库结构第 %d 版，%d 张表 %d 行，数据库 %s，压缩后 %s。", to, m.Schema, len(m.Tables), total,
		mib(m.Bytes), mib(st.Size()))
	return keepBackups(e, to, inDir, line)
}

// keepBackups deletes the oldest backups beyond backup.keep when the
// backup went into the backup directory.
func keepBackups(e *env, file string, inDir bool, line string) (string, error) {
	if !inDir {
		return line, nil
	}
	gone, err := backup.Keep(filepath.Dir(file), e.cfg.Backup.Keep)
	if err != nil {
		return line, fmt.Errorf("删除旧备份: %w", err)
	}
	if len(gone) > 0 {
		line += fmt.Sprintf("按 backup.keep=%d 删除了较早的 %d 份：%s。", e.cfg.Backup.Keep, len(gone), strings.Join(gone, "、"))
	}
	return line, nil
}

func mib(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore", "FILE")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("要给出一个备份文件")
	}
	file := fs.Arg(0)
	if isPostgres(e.dsn) {
		if err := backup.PGRestore(ctx, e.dsn, file); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已用 pg_restore 从 %s 恢复。\n", file)
		return nil
	}
	latest, err := sqlstore.Latest(sqlite.Dialect)
	if err != nil {
		return err
	}
	m, aside, err := backup.Restore(ctx, file, e.dsn, latest)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已从 %s 恢复到 %s：备份于 %s，数据库结构第 %d 版，收寄明细 %d 条，校验和与行数都对得上。\n",
		file, e.dsn, m.Created.Local().Format("2006-01-02 15:04:05"), m.Schema, m.Tables["waybills"])
	if aside != "" {
		fmt.Fprintf(e.stdout, "原来的数据库已移到 %s，确认无误后可以删除。\n", aside)
	}
	if m.Schema < latest {
		fmt.Fprintf(e.stdout, "这份备份的结构比本程序旧（第 %d 版 < 第 %d 版），下次打开时会先备份再升级。\n", m.Schema, latest)
	}
	return nil
}

// backupBeforeUpgrade backs up an existing SQLite store that has
// migrations to apply, into dir, before they are applied.
func backupBeforeUpgrade(ctx context.Context, path, dir string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", nil // a new store: nothing to keep
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	pending, applied, err := sqlstore.Pending(ctx, db, sqlite.Dialect)
	if err != nil || applied == 0 || len(pending) == 0 {
		return "", err
	}
	name := strings.TrimSuffix(backup.Name(time.Now()), backup.Suffix) + fmt.Sprintf("-before-%s", strings.TrimSuffix(pending[len(pending)-1], ".sql")) + backup.Suffix
	file := filepath.Join(dir, name)
	if _, err := backup.SQLite(ctx, db, file); err != nil {
		return "", err
	}
	return file, nil
}
