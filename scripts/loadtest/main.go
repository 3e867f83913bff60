// Command loadtest drives a running postcrm web application with
// concurrent signed-in users, as scripts/loadbench does: each virtual
// user signs in once through the sign-in form (changing its one-time
// password when the server asks), then loops over the warnings page with
// different filters and pages, and over the warnings API (-mix warnings),
// or also over the home page and, for city and province users, the
// follow-up effect page (-mix pages), until the time is up. It prints the
// latency percentiles, requests per second and errors, overall and per
// kind of request: the page, after the user's role when the users file
// gives it.
//
//	loadtest -url http://127.0.0.1:8080 -users users.tsv -duration 60s
//	loadtest -users city.tsv -connections 50 -mix pages
//
// With -firstview N it opens each user's pages once instead, one user
// after another, and prints each page's time and size: the first views
// after a restart when run right after the server starts.
//
// The users file has one "name<TAB>password[<TAB>role]" line per account;
// each account signs in once, and -connections virtual users (default
// one per account) share the accounts' sessions in turn, so that 50
// connections of city managers need not be 50 accounts.
//
// It is a separate program, not a postcrm command, because it is a
// benchmark client of the server, not part of what the server's users
// run; it needs nothing but net/http.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server")
	usersFile := flag.String("users", "", "users file: one name<TAB>password line per virtual user")
	duration := flag.Duration("duration", 60*time.Second, "how long to drive the server after every user has signed in")
	month := flag.String("month", "", "the month the warnings are in, YYYY-MM (default: what the API answers without one)")
	spread := flag.Bool("spread", true, "give each user its own loopback source address (127.0.0.10, .11, ...), as users on their own machines have; the sign-in rate limit counts per address")
	connections := flag.Int("connections", 0, "virtual users, sharing the accounts' sessions in turn (default: one per account)")
	firstView := flag.Int("firstview", 0, "instead of a load, open each user's pages once, one after another: the home page, every page its navigation bar links to and up to N pages linked under each (a report under /reports); prints each page's time and size")
	mix := flag.String("mix", "warnings", "what each user requests: warnings (the warnings page and API) or pages (also the home page and, for city and province users, the effect page)")
	flag.Parse()
	if *mix != "warnings" && *mix != "pages" {
		fmt.Fprintln(os.Stderr, "loadtest: -mix is warnings or pages")
		os.Exit(2)
	}
	if err := run(*base, *usersFile, *month, *duration, *spread, *connections, *mix == "pages", *firstView); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(base, usersFile, month string, duration time.Duration, spread bool, connections int, pages bool, firstView int) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("bad -url %q", base)
	}
	creds, err := readUsers(usersFile)
	if err != nil {
		return err
	}
	// Signing in hashes a password on the server (argon2id), which is
	// measured apart: the run proper starts when everyone is in.
	start := time.Now()
	users := make([]*user, len(creds))
	errs := make([]error, len(creds))
	var wg sync.WaitGroup
	for i, c := range creds {
		wg.Go(func() {
			users[i], errs[i] = signIn(base, c, i, spread, month)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("signing in: %w", err)
	}
	fmt.Printf("%d users signed in in %s\n", len(users), time.Since(start).Round(time.Millisecond))
	if firstView > 0 {
		return firstViews(users, firstView)
	}
	if connections <= 0 {
		connections = len(users)
	}
	vus := make([]*user, connections)
	for i := range vus {
		vus[i] = users[i%len(users)].connection(i, spread, pages)
	}

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	rec := newRecorder()
	start = time.Now()
	for _, u := range vus {
		wg.Go(func() { u.loop(ctx, rec) })
	}
	wg.Wait()
	rec.print(os.Stdout, time.Since(start))
	return nil
}

type credentials struct{ name, password, role string }

func readUsers(path string) ([]credentials, error) {
	if path == "" {
		return nil, errors.New("-users is required")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	defer f.Close()
	var cs []credentials
	lines := bufio.NewScanner(f)
	for n := 1; lines.Scan(); n++ {
		fields := strings.Split(strings.TrimSpace(lines.Text()), "\t")
		if len(fields) < 2 || len(fields) > 3 || fields[0] == "" || fields[1] == "" {
			return nil, fmt.Errorf("%s:%d: want name<TAB>password[<TAB>role]", path, n)
		}
		c := credentials{name: fields[0], password: fields[1]}
		if len(fields) == 3 {
			c.role = fields[2]
		}
		cs = append(cs, c)
	}
	if err := lines.Err(); err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("%s lists no user", path)
	}
	return cs, nil
}
