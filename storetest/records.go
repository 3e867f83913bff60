package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// kindCase adapts one record type to the counting test: mk makes record i
// in variant v (same key, different content when v differs), put places
// records in a batch, read returns what is stored for records 0..n-1.
type kindCase[R any] struct {
	kind postcrm.ImportKind
	mk   func(i, v int) R
	put  func(b *postcrm.Batch, rs []R)
	read func(s *sqlstore.Store, n int) ([]R, error)
}

// checkCounting applies batches whose outcome is known row by row:
// new, identical, changed, and keys repeated within one batch.
func checkCounting[R any](t *testing.T, s *sqlstore.Store, c kindCase[R]) {
	batch := func(recs ...R) postcrm.Batch {
		b := postcrm.Batch{Kind: c.kind}
		c.put(&b, recs)
		return b
	}
	want := make([]R, 7)
	for i := range 5 {
		want[i] = c.mk(i, 0)
	}
	expectResult(t, "first import", apply(t, s, batch(want[:5]...)), postcrm.WriteResult{Inserted: 5})
	expectResult(t, "same import again", apply(t, s, batch(want[:5]...)), postcrm.WriteResult{Unchanged: 5})

	// 1 changes; 5 is new then repeated identically; 6 is new then changed
	// within the batch; 2 is as stored.
	got := apply(t, s, batch(c.mk(1, 1), c.mk(5, 0), c.mk(5, 0), c.mk(6, 0), c.mk(6, 1), c.mk(2, 0)))
	expectResult(t, "mixed batch", got, postcrm.WriteResult{Inserted: 2, Updated: 2, Unchanged: 2})
	want[1], want[5], want[6] = c.mk(1, 1), c.mk(5, 0), c.mk(6, 1)

	// 3 changes and changes back within one batch: both rows count as
	// updates, and the later one is what stays.
	got = apply(t, s, batch(c.mk(3, 1), c.mk(3, 0)))
	expectResult(t, "change and change back", got, postcrm.WriteResult{Updated: 2})

	stored, err := c.read(s, len(want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, want) {
		t.Errorf("stored records:\n got %+v\nwant %+v", stored, want)
	}
}

func testOrgCounting(t *testing.T, s *sqlstore.Store) {
	checkCounting(t, s, kindCase[postcrm.Staff]{
		kind: postcrm.KindOrg,
		mk: func(i, v int) postcrm.Staff {
			return postcrm.Staff{ID: fmt.Sprintf("S%04d", i), Name: fmt.Sprintf("揽投员%d", i),
				Role: postcrm.RoleCourier, OfficeCode: fixtureOffices[v].Code, City: fixtureOffices[v].City,
				Phone: fmt.Sprintf("1380000%04d", i)}
		},
		put: func(b *postcrm.Batch, rs []postcrm.Staff) {
			// Offices are upserted silently: they never show in the counts.
			b.Staff, b.Offices = rs, fixtureOffices[:2]
		},
		read: func(s *sqlstore.Store, n int) ([]postcrm.Staff, error) { return s.Staff(context.Background()) },
	})
	offices, err := s.Offices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(offices, fixtureOffices[:2]) {
		t.Errorf("offices: got %+v, want %+v", offices, fixtureOffices[:2])
	}
}

func testCustomerCounting(t *testing.T, s *sqlstore.Store) {
	checkCounting(t, s, kindCase[postcrm.Customer]{
		kind: postcrm.KindCustomers,
		mk:   keyed(fixtureCustomers, func(c *postcrm.Customer, i int) { c.Code = fmt.Sprintf("KH%04d", i) }),
		put:  func(b *postcrm.Batch, rs []postcrm.Customer) { b.Customers = rs },
		read: func(s *sqlstore.Store, n int) ([]postcrm.Customer, error) { return s.Customers(context.Background()) },
	})
}

func testMemberCounting(t *testing.T, s *sqlstore.Store) {
	checkCounting(t, s, kindCase[postcrm.Member]{
		kind: postcrm.KindMembers,
		mk:   keyed(fixtureMembers, func(m *postcrm.Member, i int) { m.Phone = fmt.Sprintf("1360000%04d", i) }),
		put:  func(b *postcrm.Batch, rs []postcrm.Member) { b.Members = rs },
		read: func(s *sqlstore.Store, n int) ([]postcrm.Member, error) {
			return readEach(n, func(i int) (postcrm.Member, error) {
				return s.Member(context.Background(), fmt.Sprintf("1360000%04d", i))
			})
		},
	})
}

func testWaybillCounting(t *testing.T, s *sqlstore.Store) {
	checkCounting(t, s, kindCase[postcrm.Waybill]{
		kind: postcrm.KindWaybills,
		mk: func(i, v int) postcrm.Waybill {
			w := postcrm.Waybill{No: waybillNo(i), AcceptedAt: day0.Add(time.Duration(10*i+v) * time.Hour),
				OfficeCode: "13010001", CourierStaffID: "S1001", CustomerCode: "KH0001", Product: "标准快递",
				WeightG: 1200, PostageFen: 1500 + int64(v), Payment: postcrm.PaymentMonthly,
				Channel: postcrm.ChannelPickup, DestProvince: "广东省"}
			if v == 1 {
				w.CustomerCode, w.SenderPhone, w.Payment = "", "13912345678", postcrm.PaymentCash
			}
			return w
		},
		put: func(b *postcrm.Batch, rs []postcrm.Waybill) { b.Waybills = rs },
		read: func(s *sqlstore.Store, n int) ([]postcrm.Waybill, error) {
			return readEach(n, func(i int) (postcrm.Waybill, error) {
				return s.Waybill(context.Background(), waybillNo(i))
			})
		},
	})
}

// keyed makes record i in variant v: fixture v under key i.
func keyed[R any](fixtures []R, setKey func(r *R, i int)) func(i, v int) R {
	return func(i, v int) R {
		r := fixtures[v]
		setKey(&r, i)
		return r
	}
}

func readEach[R any](n int, read func(i int) (R, error)) ([]R, error) {
	out := make([]R, n)
	for i := range out {
		var err error
		if out[i], err = read(i); err != nil {
			return nil, err
		}
	}
	return out, nil
}
