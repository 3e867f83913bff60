// Package chtest gives tests a fresh database on the ClickHouse test
// cluster, as pgtest gives a fresh PostgreSQL schema.
package chtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"
	"time"

	"postcrm/clickhouse"
)

// BaseDSN is the test cluster: POSTCRM_TEST_CH, else the two local
// shards .ci/services.sh starts.
func BaseDSN() string {
	if dsn := os.Getenv("POSTCRM_TEST_CH"); dsn != "" {
		return dsn
	}
	return "clickhouse://127.0.0.1:19000/default?cluster=postcrm_test"
}

// FreshDatabase names a database of its own for one test on the test
// cluster and returns its DSN; the database is dropped on every shard
// after the test. Without a reachable cluster the test is skipped,
// unless POSTCRM_TEST_CH_REQUIRED=1 (CI) makes that a failure.
func FreshDatabase(t testing.TB) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cfg, err := clickhouse.ParseDSN(BaseDSN())
	if err != nil {
		t.Fatalf("POSTCRM_TEST_CH: %v", err)
	}
	conn, err := cfg.Dial(ctx, cfg.Addr)
	if err != nil {
		if os.Getenv("POSTCRM_TEST_CH_REQUIRED") == "1" {
			t.Fatalf("the ClickHouse cluster at POSTCRM_TEST_CH is required but unreachable: %v", err)
		}
		t.Skipf("ClickHouse unreachable (%v): run .ci/services.sh's ensure_clickhouse or set POSTCRM_TEST_CH to run these tests", err)
	}
	db := fmt.Sprintf("postcrm_test_%d_%08x", os.Getpid(), rand.Uint32())
	t.Cleanup(func() {
		defer conn.Close()
		ctx := context.Background()
		addrs, err := clickhouse.ShardAddrs(ctx, conn, cfg.Cluster)
		if err != nil {
			t.Errorf("list the test cluster's shards: %v", err)
			return
		}
		for _, addr := range addrs {
			shard, err := cfg.Dial(ctx, addr)
			if err == nil {
				err = shard.Exec(ctx, "DROP DATABASE IF EXISTS "+db)
				shard.Close()
			}
			if err != nil {
				t.Errorf("drop test database %s on %s: %v", db, addr, err)
			}
		}
	})
	u, _ := url.Parse(BaseDSN())
	u.Path = "/" + db
	return u.String()
}
