package e2e

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"postcrm"
	"postcrm/sqlite"
)

// The demo's campaign as each role sees it, at the office PC's width and
// on a phone: the list, the campaign's page (with the measured effect
// and its method for managers), the counter's gift form refusing a phone
// that had its gift, with the rule in Chinese beside the field, the
// member growth page with its leaderboard, and (city and province) the
// form to set a campaign up. Every page must fit the phone's width.
func TestCampaignInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	all := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	cs, err := st.Campaigns(ctx, all)
	if err != nil || len(cs) != 1 {
		t.Fatalf("the demo's campaigns: %v %v", cs, err)
	}
	c := cs[0]
	gifts, err := st.Gifts(ctx, all, c.ID)
	st.Close()
	if err != nil || len(gifts) == 0 {
		t.Fatalf("the demo's gifts: %d %v", len(gifts), err)
	}
	t.Logf("screenshots in %s", shots)
	for _, role := range roles {
		t.Run(string(role), func(t *testing.T) {
			a := s.accounts[role]
			tb := newTab(t, browser, s.URL, shots, "campaign-"+string(role))
			tb.resize(desktop)
			s.signIn(tb, a, a.Password)
			office := s.offices[a.OfficeCode]
			sees := role == postcrm.RoleProvinceAdmin || (role == postcrm.RoleCityManager && slices.ContainsFunc(c.Offices, func(code string) bool {
				return s.offices[code].City == a.City
			})) || c.Covers(office)
			manager := role != postcrm.RoleCourier
			var gift postcrm.Gift // one the user's scope holds
			for _, g := range gifts {
				if o := s.offices[g.OfficeCode]; role == postcrm.RoleProvinceAdmin || (role == postcrm.RoleCityManager && o.City == a.City) || o.Code == a.OfficeCode {
					gift = g
					break
				}
			}
			for _, sc := range []screen{desktop, phone} {
				tb.resize(sc)
				if status := tb.open("/campaigns"); status != http.StatusOK {
					t.Fatalf("/campaigns: %d", status)
				}
				tb.screenshot(sc.name + "-list")
				detail := fmt.Sprintf("/campaigns/%d", c.ID)
				if !sees {
					if sc == desktop {
						tb.probe(detail, http.StatusNotFound)
					}
				} else {
					if status := tb.open(detail); status != http.StatusOK {
						t.Fatalf("%s: %d", detail, status)
					}
					tb.screenshot(sc.name + "-detail")
					effect := eval[bool](tb, `document.getElementById("campaign-effect") !== null`)
					if effect != manager {
						t.Errorf("effect shown %v, want %v", effect, manager)
					}
					if manager && !strings.Contains(eval[string](tb, `document.getElementById("effect-method").textContent`), "双重差分") {
						t.Error("the method is not on the page")
					}
					if sc.phone && !tb.fitsWidth() {
						t.Errorf("%s does not fit a phone", detail)
					}
					if gift.ID != 0 && sc.phone {
						tb.open(detail + "/gift")
						tb.fill(map[string]string{"#g-phone": gift.Phone, "#g-waybill": gift.WaybillNo})
						tb.expectFailure(detail + "/gifts")
						if status := tb.submit("#g-submit"); status != http.StatusBadRequest {
							t.Errorf("a second gift for %s: %d", gift.Phone, status)
						}
						if msg := tb.text("#g-waybill-error"); !strings.Contains(msg, "已经领过本次活动的礼品") {
							t.Errorf("the refusal beside the waybill says %q", msg)
						}
						tb.screenshot(sc.name + "-gift-refused")
						if !tb.fitsWidth() {
							t.Error("the gift form does not fit a phone")
						}
					}
				}
				if status := tb.open("/members"); status != http.StatusOK {
					t.Fatalf("/members: %d", status)
				}
				tb.screenshot(sc.name + "-members")
				if sc.phone && !tb.fitsWidth() {
					t.Error("/members does not fit a phone")
				}
				if role == postcrm.RoleCityManager || role == postcrm.RoleProvinceAdmin {
					tb.open("/campaigns/new")
					tb.screenshot(sc.name + "-form")
					if sc.phone && !tb.fitsWidth() {
						t.Error("the campaign form does not fit a phone")
					}
				}
			}
			tb.checkConsole()
		})
	}
}
