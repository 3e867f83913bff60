package web

import (
	"strings"
	"testing"
)

// TestAuditLogReadsAsSentences: the follow-up's audit entries read in
// Chinese with people's names, not as stored ("warning:635",
// "dispatched to 13491264, due …"); the command line is named as such.
func TestAuditLogReadsAsSentences(t *testing.T) {
	f := newFixture(t)
	f.loadEffectData(t)
	page := page(t, f, provinceUser, "/admin/audit?action=data_change")
	for _, want := range []string{"派发给 ", "抽入对照组", "上门：", "结果 已恢复", "预警 "} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit log lacks %q", want)
		}
	}
	for _, unwanted := range []string{"dispatched to", "held out (control group)", "warning:", "contact visit by"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the audit log shows %q", unwanted)
		}
	}
	if name := f.user(t, courierUser).DisplayName; name == "" || !strings.Contains(page, name+" "+courierUser) {
		t.Errorf("the audit log does not name %s (%q)", courierUser, name)
	}
}
