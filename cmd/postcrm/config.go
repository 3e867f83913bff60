package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"postcrm/clickhouse"
)

// config is what a server is run with: postcrm.toml (--config, or
// POSTCRM_CONFIG, else postcrm.toml in the working directory when there
// is one), each key overridden by its environment variable, and the
// command line's flags over both. docs/operations.md lists the keys.
type config struct {
	DB     string    `toml:"db"`
	Facts  string    `toml:"facts"`
	Listen string    `toml:"listen"`
	TLS    tlsConfig `toml:"tls"`
	Web    struct {
		SecureCookies bool   `toml:"secure_cookies"`
		MetricsToken  string `toml:"metrics_token"`
		UploadDir     string `toml:"upload_dir"`
		MaxUploadMB   int    `toml:"max_upload_mb"`
	} `toml:"web"`
	Notices struct {
		Every string `toml:"every"` // a Go duration, "0" to leave them to cron
	} `toml:"notices"`
	Schedule struct {
		Enabled *bool `toml:"enabled"` // default true
	} `toml:"schedule"`
	Backup struct {
		Dir  string `toml:"dir"`  // default: backups beside the SQLite file
		Keep int    `toml:"keep"` // 0 keeps all
	} `toml:"backup"`
	Retention struct {
		WaybillMonths int `toml:"waybill_months"` // 0 keeps all
	} `toml:"retention"`

	// Source is the file read, "" when none.
	Source string `toml:"-"`
}

type tlsConfig struct {
	Cert string `toml:"cert"`
	Key  string `toml:"key"`
}

// defaultConfig is the configuration without a file or variables.
func defaultConfig() config {
	var c config
	c.DB, c.Listen, c.Notices.Every, c.Web.MaxUploadMB, c.Backup.Keep = "postcrm.db", ":8080", "15s", 2048, 14
	return c
}

// envKeys are the environment variables, each over the file's key.
var envKeys = []struct {
	env, key string
	set      func(c *config, v string) error
}{
	{"POSTCRM_DB", "db", func(c *config, v string) error { c.DB = v; return nil }},
	{"POSTCRM_FACTS", "facts", func(c *config, v string) error { c.Facts = v; return nil }},
	{"POSTCRM_LISTEN", "listen", func(c *config, v string) error { c.Listen = v; return nil }},
	{"POSTCRM_TLS_CERT", "tls.cert", func(c *config, v string) error { c.TLS.Cert = v; return nil }},
	{"POSTCRM_TLS_KEY", "tls.key", func(c *config, v string) error { c.TLS.Key = v; return nil }},
	{"POSTCRM_SECURE_COOKIES", "web.secure_cookies", func(c *config, v string) error { return parseBool(&c.Web.SecureCookies, v) }},
	{"POSTCRM_METRICS_TOKEN", "web.metrics_token", func(c *config, v string) error { c.Web.MetricsToken = v; return nil }},
	{"POSTCRM_UPLOAD_DIR", "web.upload_dir", func(c *config, v string) error { c.Web.UploadDir = v; return nil }},
	{"POSTCRM_MAX_UPLOAD_MB", "web.max_upload_mb", func(c *config, v string) error { return parseInt(&c.Web.MaxUploadMB, v) }},
	{"POSTCRM_NOTICE_EVERY", "notices.every", func(c *config, v string) error { c.Notices.Every = v; return nil }},
	{"POSTCRM_SCHEDULE", "schedule.enabled", func(c *config, v string) error {
		var b bool
		c.Schedule.Enabled = &b
		return parseBool(&b, v)
	}},
	{"POSTCRM_BACKUP_DIR", "backup.dir", func(c *config, v string) error { c.Backup.Dir = v; return nil }},
	{"POSTCRM_BACKUP_KEEP", "backup.keep", func(c *config, v string) error { return parseInt(&c.Backup.Keep, v) }},
	{"POSTCRM_KEEP_MONTHS", "retention.waybill_months", func(c *config, v string) error { return parseInt(&c.Retention.WaybillMonths, v) }},
}

func parseBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("应为 true 或 false：%q", v)
	}
	*dst = b
	return nil
}

func parseInt(dst *int, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("应为整数：%q", v)
	}
	*dst = n
	return nil
}

// loadConfig reads the file at path ("" looks for postcrm.toml in the
// working directory, and none there is fine), then the environment.
// Every problem is returned, each naming its key.
func loadConfig(path string, getenv func(string) string) (config, error) {
	c := defaultConfig()
	var errs []error
	explicit := path != ""
	if !explicit {
		path = "postcrm.toml"
	}
	md, err := toml.DecodeFile(path, &c)
	switch {
	case err == nil:
		c.Source = path
		for _, k := range md.Undecoded() {
			errs = append(errs, fmt.Errorf("%s：不认识的设置（见 docs/operations.md）", k))
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
	default:
		return c, fmt.Errorf("配置文件 %s: %w", path, err)
	}
	for _, e := range envKeys {
		if v := getenv(e.env); v != "" {
			if err := e.set(&c, v); err != nil {
				errs = append(errs, fmt.Errorf("%s（环境变量 %s）：%w", e.key, e.env, err))
			}
		}
	}
	return c, errors.Join(errs...)
}

// check validates the configuration: every error names its key.
func (c config) check() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s：%s", key, fmt.Sprintf(format, args...)))
	}
	if c.DB == "" {
		bad("db", "不能为空：SQLite 文件路径或 postgres:// 网址")
	} else if !isPostgres(c.DB) {
		if dir := filepath.Dir(c.DB); !isDir(dir) {
			bad("db", "SQLite 文件所在的目录 %s 不存在", dir)
		}
	}
	if c.Facts != "" {
		if _, err := clickhouse.ParseDSN(c.Facts); err != nil {
			bad("facts", "%v", err)
		}
	}
	if _, port, err := net.SplitHostPort(c.Listen); err != nil {
		bad("listen", "应为 主机:端口 或 :端口，例如 :8080：%q", c.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		bad("listen", "端口 %q 不对", port)
	}
	switch {
	case (c.TLS.Cert == "") != (c.TLS.Key == ""):
		bad("tls.cert", "tls.cert 和 tls.key 要一起设置")
	case c.TLS.Cert != "":
		for key, f := range map[string]string{"tls.cert": c.TLS.Cert, "tls.key": c.TLS.Key} {
			if _, err := os.Stat(f); err != nil {
				bad(key, "读不到文件 %s", f)
			}
		}
	}
	if c.Web.MaxUploadMB <= 0 {
		bad("web.max_upload_mb", "应大于 0：%d", c.Web.MaxUploadMB)
	}
	if up := c.Web.UploadDir; up != "" && !isDir(up) && !isDir(filepath.Dir(filepath.Clean(up))) {
		bad("web.upload_dir", "目录 %s 和它的上级目录都不存在", up)
	}
	if d, err := time.ParseDuration(c.Notices.Every); c.Notices.Every != "0" && (err != nil || d < 0) {
		bad("notices.every", "应为时长，例如 15s、1m，或 0 表示不在服务里发送：%q", c.Notices.Every)
	}
	if c.Backup.Keep < 0 {
		bad("backup.keep", "不能小于 0（0 表示全部保留）：%d", c.Backup.Keep)
	}
	if c.Backup.Dir != "" && !isDir(filepath.Dir(filepath.Clean(c.Backup.Dir))) {
		bad("backup.dir", "上级目录 %s 不存在", filepath.Dir(filepath.Clean(c.Backup.Dir)))
	}
	if m := c.Retention.WaybillMonths; m < 0 || (m > 0 && m < 3) {
		bad("retention.waybill_months", "应为 0（全部保留）或至少 3 个月：%d", m)
	}
	return errors.Join(errs...)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// scheduleOn tells whether serve runs the schedule.
func (c config) scheduleOn() bool { return c.Schedule.Enabled == nil || *c.Schedule.Enabled }

// noticeEvery is how often serve delivers notices (0: never).
func (c config) noticeEvery() time.Duration {
	d, _ := time.ParseDuration(c.Notices.Every)
	return d
}

// backupDir is where backups go: the configured directory, else
// "backups" beside the SQLite file.
func (c config) backupDir(dsn string) string {
	if c.Backup.Dir != "" {
		return c.Backup.Dir
	}
	if isPostgres(dsn) {
		return "backups"
	}
	return filepath.Join(filepath.Dir(dsn), "backups")
}
