package notice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"postcrm"
)

// WeCom sends notices to a 企业微信 group robot: a POST of the markdown
// message to its webhook URL. The robot answers HTTP 200 also when it
// refuses a message (a wrong key, too many messages a minute), with a
// non-zero errcode in the body; both are failures to retry.
type WeCom struct {
	URL    string
	Client *http.Client // http.DefaultClient when nil
}

// maxMarkdown is the most bytes the robot takes in a markdown message.
const maxMarkdown = 4096

// weComMessage is the robot's documented markdown body.
type weComMessage struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

// weComReply is the robot's answer.
type weComReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// Send posts the notice and checks both the HTTP status and the errcode.
func (w WeCom) Send(ctx context.Context, n postcrm.Notice) error {
	var m weComMessage
	m.MsgType, m.Markdown.Content = "markdown", truncate(Markdown(n), maxMarkdown)
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("企业微信机器人地址无效: %w", keyless(err))
	}
	req.Header.Set("Content-Type", "application/json")
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("发送到企业微信机器人: %w", keyless(err))
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return fmt.Errorf("读取企业微信机器人的回复: %w", keyless(err))
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("企业微信机器人回复 HTTP %d", resp.StatusCode)
	}
	var r weComReply
	if err := json.Unmarshal(reply, &r); err != nil || r.ErrCode == nil {
		return fmt.Errorf("企业微信机器人的回复看不懂: %.200q", reply)
	}
	if *r.ErrCode != 0 {
		return fmt.Errorf("企业微信机器人拒收：errcode %d %s", *r.ErrCode, r.ErrMsg)
	}
	return nil
}

// keyless drops the URL from an HTTP client's error: the webhook's
// URL carries the robot's key, which the outbox and the logs must not
// show.
func keyless(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// truncate cuts s to at most max bytes on a character boundary.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const more = "…"
	cut := max - len(more)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + more
}

// MaskKey shows a webhook URL with only the first characters of its key:
// whoever reads a screen or a listing must not be able to post to the
// group.
func MaskKey(raw string) string {
	head, key, ok := strings.Cut(strings.TrimSpace(raw), "key=")
	if !ok {
		return raw
	}
	key, rest, _ := strings.Cut(key, "&")
	if rest != "" {
		rest = "&" + rest
	}
	return head + "key=" + key[:min(4, len(key))] + "…" + rest
}
