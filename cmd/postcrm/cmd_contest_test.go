package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"postcrm/contest"
)

// TestContestReplay: the command replays the scripted match's log (the
// contest package's test writes it) to the scores worked out by hand
// there: 甲 20, 乙 10, 丙 5, 甲's three fouls, risk order 甲 丙 乙.
func TestContestReplay(t *testing.T) {
	args := []string{"contest", "replay", "--rules", "../../contest/testdata/rules.json", "--events", "../../contest/testdata/scripted.jsonl"}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append(args, "--json"), &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	var res contest.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	var scores []int
	for _, tr := range res.Teams {
		scores = append(scores, tr.Score)
	}
	if len(scores) != 3 || scores[0] != 20 || scores[1] != 10 || scores[2] != 5 || len(res.Fouls) != 3 {
		t.Fatalf("scores %v, fouls %d", scores, len(res.Fouls))
	}
	if o := res.ChooseOrder; len(o) != 3 || o[0] != 1 || o[1] != 3 || o[2] != 2 {
		t.Fatalf("choosing order %v", o)
	}
	out.Reset()
	if err := run(context.Background(), args, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "风险题选题顺序: 1.甲队 2.丙队 3.乙队") {
		t.Fatalf("text output:\n%s", out.String())
	}
}
