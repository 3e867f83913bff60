// Package clickhouse is the fact store on a ClickHouse cluster: the
// waybills, sharded by a hash of their number over local tables of every
// shard, and the daily rollups the analysis reads, computed from the
// resolved waybills. The CRM's state (org, customers, warnings, …) stays
// in the SQL store; see docs/clickhouse.md.
//
// It speaks the native protocol only (clickhouse-go v2): the HTTP
// interface of the ClickHouse Debian ships does not work with the driver.
package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Store is a fact store on one cluster.
type Store struct {
	db      string
	cluster string
	// conn reaches the server the DSN names, which reads and writes
	// through the Distributed table; shards reach each shard's server,
	// for the schema and the count of stored versions.
	conn   driver.Conn
	shards []driver.Conn
}

// Config is a parsed fact-store DSN:
// clickhouse://[user[:password]@]host:port/database?cluster=NAME.
type Config struct {
	Addr, User, Password, Database, Cluster string
}

// ParseDSN reads a DSN; the cluster is required, since the waybills are
// sharded over it.
func ParseDSN(dsn string) (Config, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "clickhouse" {
		return Config{}, fmt.Errorf("事实库地址应为 clickhouse://主机:端口/库名?cluster=集群名，而不是 %q", dsn)
	}
	c := Config{Addr: u.Host, Database: strings.Trim(u.Path, "/"), Cluster: u.Query().Get("cluster")}
	if c.Database == "" {
		c.Database = "default"
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		c.Addr = net.JoinHostPort(c.Addr, "9000")
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if c.Cluster == "" {
		return Config{}, errors.New("事实库地址缺少 cluster=集群名（config.xml 的 remote_servers 中的名字）")
	}
	if !identifier(c.Database) || !identifier(c.Cluster) {
		return Config{}, fmt.Errorf("库名 %q 和集群名 %q 只能用字母、数字和下划线", c.Database, c.Cluster)
	}
	return c, nil
}

// identifier reports whether s can stand unquoted in DDL, where the
// database and cluster names are spliced in.
func identifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// Dial opens a native connection to addr, one of the cluster's servers,
// in the server's default database (the statements name the store's),
// and checks that it answers.
func (c Config) Dial(ctx context.Context, addr string) (driver.Conn, error) {
	conn, err := ch.Open(&ch.Options{
		Addr:     []string{addr},
		Protocol: ch.Native,
		Auth:     ch.Auth{Username: c.User, Password: c.Password},
		// A write through the Distributed table returns once every shard
		// has its rows: the counts of the next batch look them up.
		// Reads filter resolved waybills (see resolved in rollups.go).
		Settings:    ch.Settings{"insert_distributed_sync": 1, "optimize_move_to_prewhere": 0},
		DialTimeout: 5 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// Open connects to the server the DSN names, finds the cluster's shards
// there (system.clusters, one replica each), connects to every shard and
// migrates each.
func Open(ctx context.Context, dsn string) (*Store, error) {
	c, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	entry, err := c.Dial(ctx, c.Addr)
	if err != nil {
		return nil, fmt.Errorf("连接 ClickHouse %s: %w", c.Addr, err)
	}
	s := &Store{db: c.Database, cluster: c.Cluster}
	defer func() {
		if s.conn == nil { // failed before the end
			entry.Close()
			for _, sh := range s.shards {
				sh.Close()
			}
		}
	}()
	addrs, err := ShardAddrs(ctx, entry, c.Cluster)
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		conn, err := c.Dial(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("连接集群 %s 的分片 %s: %w", c.Cluster, a, err)
		}
		s.shards = append(s.shards, conn)
	}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	s.conn = entry
	return s, nil
}

// ShardAddrs lists the first replica of every shard of cluster, as the
// server conn reaches knows them.
func ShardAddrs(ctx context.Context, conn driver.Conn, cluster string) ([]string, error) {
	rows, err := conn.Query(ctx, `SELECT shard_num, host_address, port FROM system.clusters
		WHERE cluster = ? AND replica_num = 1 ORDER BY shard_num`, cluster)
	if err != nil {
		return nil, fmt.Errorf("读取集群 %s 的分片: %w", cluster, err)
	}
	defer rows.Close()
	var addrs []string
	for rows.Next() {
		var shard uint32
		var host string
		var port uint16
		if err := rows.Scan(&shard, &host, &port); err != nil {
			return nil, err
		}
		addrs = append(addrs, net.JoinHostPort(host, strconv.Itoa(int(port))))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("服务器上没有名为 %s 的集群（config.xml 的 remote_servers）", cluster)
	}
	return addrs, nil
}

// Shards is the number of shards the waybills are spread over.
func (s *Store) Shards() int { return len(s.shards) }

// Ping checks that the connection the reads go through and every shard
// answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.conn.Ping(ctx); err != nil {
		return fmt.Errorf("读取连接: %w", err)
	}
	for i, sh := range s.shards {
		if err := sh.Ping(ctx); err != nil {
			return fmt.Errorf("分片 %d: %w", i+1, err)
		}
	}
	return nil
}

// Close closes every connection.
func (s *Store) Close() error {
	err := s.conn.Close()
	for _, sh := range s.shards {
		err = errors.Join(err, sh.Close())
	}
	return err
}

// table names t in the store's database.
func (s *Store) table(t string) string { return s.db + "." + t }

// ShardCounts is the number of resolved waybills each shard holds, read
// from its local table. It fails if a shard holds a waybill that the
// Distributed table's sharding key (cityHash64(no)) would send to another
// shard: the importer picks the shard itself, and re-sent waybills must
// meet their earlier versions.
func (s *Store) ShardCounts(ctx context.Context) ([]int, error) {
	out := make([]int, len(s.shards))
	for i, sh := range s.shards {
		var n, misplaced uint64
		err := sh.QueryRow(ctx, "SELECT count(), countIf(cityHash64(no) % ? != ?) FROM "+s.table("waybills_local")+" FINAL",
			uint64(len(s.shards)), uint64(i)).Scan(&n, &misplaced)
		if err != nil {
			return nil, fmt.Errorf("分片 %d: %w", i+1, err)
		}
		if misplaced > 0 {
			return nil, fmt.Errorf("分片 %d 上有 %d 张运单按 cityHash64(no) 应在别的分片", i+1, misplaced)
		}
		out[i] = int(n)
	}
	return out, nil
}
