package notice_test

import (
	"testing"

	"postcrm/notice"
)

func TestMaskKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx":    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…",
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6&debug=1": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…&debug=1",
		" https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ab ":             "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ab…",
		"http://robot.example/send":                                             "http://robot.example/send",
	} {
		if got := notice.MaskKey(in); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", in, got, want)
		}
	}
}
