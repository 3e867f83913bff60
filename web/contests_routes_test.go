package web

import (
	"context"
	"strings"

	"postcrm"
)

// contestRouteSamples are the contest routes' paths for the route walk:
// a contest the fixture sets up, which every manager may host (contests
// hold no business data, so no scope narrows them), and a code nobody
// has.
func contestRouteSamples(f *fixture) map[string][]routeSample {
	c, err := f.srv.contests.Create(context.Background(), "路由", contestTestRules, []string{"甲", "乙"}, postcrm.Actor{User: provinceUser})
	if err != nil {
		f.t.Fatal(err)
	}
	hosts := []string{officeUser, cityUser, provinceUser}
	m := map[string][]routeSample{}
	for _, p := range []string{"/contest/{code}/host", "/contest/{code}/judge", "/contest/{code}/result", "/contest/{code}/questions", "/api/v1/contests/{code}", "/api/v1/contests/{code}/events"} {
		for _, method := range []string{"GET", "POST"} {
			m[method+" "+p] = []routeSample{{replaceCode(p, c.Code), hosts}, {replaceCode(p, "NOSUCH"), nil}}
		}
	}
	for _, p := range []string{"/contest/{code}/screen", "/contest/{code}/stream", "/contest/{code}/state", "/contest/{code}/qr.png", "/b/{code}", "/b/{code}/join", "/b/{code}/press"} {
		for _, method := range []string{"GET", "POST"} {
			m[method+" "+p] = []routeSample{{replaceCode(p, c.Code), everyone}}
		}
	}
	return m
}

func replaceCode(p, code string) string { return strings.ReplaceAll(p, "{code}", code) }

// contestTestRules: a compulsory and a buzzer round.
const contestTestRules = `{"rounds":[{"name":"必答","kind":"compulsory","points":10,"answer_seconds":30},
{"name":"抢答","kind":"buzzer","points":10,"wrong_cost":10,"answer_seconds":20,"buzz_seconds":10,"early_press":[{"lose_turn":true},{"deduct":20},{"bar":true}]}]}`
