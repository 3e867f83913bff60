package hub_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"postcrm/hub"
)

// tenThousand stores 10,000 vehicles that all count at peakMoment: 6,000
// waiting (2,000 of them over 24 h), 4,000 unloaded in the rate window or
// being unloaded, with a target that makes the projection search for the
// extra volunteers.
func tenThousand(b *testing.B) (*hub.Input, func() hub.Board) {
	ctx := context.Background()
	s := openStore(b)
	if err := s.SaveHub(ctx, hub.Hub{Code: "HZ", Name: "杭州"}); err != nil {
		b.Fatal(err)
	}
	set := hub.DefaultSettings("HZ")
	set.Target = peakMoment.Add(30 * time.Hour)
	if err := s.SaveHubSettings(ctx, set); err != nil {
		b.Fatal(err)
	}
	vs := make([]hub.Vehicle, 0, 10000)
	for i := range 10000 {
		v := hub.Vehicle{Hub: "HZ", Vehicle: fmt.Sprintf("浙A%05d", i), Route: "沪杭干线", Pieces: 1000 + i%3000, Bags: 40 + i%100}
		switch {
		case i < 6000:
			v.ArrivedAt = peakMoment.Add(-36*time.Hour + time.Duration(i)*36*time.Hour/6000)
		default:
			v.ArrivedAt = peakMoment.Add(-10 * time.Hour)
			v.UnloadStarted = peakMoment.Add(-3*time.Hour + time.Duration(i-6000)*time.Second)
			if i%10 != 0 {
				v.UnloadFinished = v.UnloadStarted.Add(2 * time.Hour)
			}
		}
		vs = append(vs, v)
	}
	if _, err := s.SaveHubVehicles(ctx, vs); err != nil {
		b.Fatal(err)
	}
	in := &hub.Input{Hub: hub.Hub{Code: "HZ"}, At: peakMoment, Settings: set, Vehicles: vs}
	return in, func() hub.Board {
		bd, err := hub.Load(ctx, s, "HZ", peakMoment)
		if err != nil {
			b.Fatal(err)
		}
		return bd
	}
}

// BenchmarkBoard10k: the board of 10,000 vehicles read from SQLite and
// computed with its projection.
func BenchmarkBoard10k(b *testing.B) {
	_, load := tenThousand(b)
	b.ResetTimer()
	for range b.N {
		if bd := load(); bd.Waiting != 6000 {
			b.Fatalf("waiting %d", bd.Waiting)
		}
	}
}

// BenchmarkCompute10k: the computation alone, from the rows in memory.
func BenchmarkCompute10k(b *testing.B) {
	in, _ := tenThousand(b)
	b.ResetTimer()
	for range b.N {
		if bd := hub.Compute(*in); bd.Waiting != 6000 {
			b.Fatalf("waiting %d", bd.Waiting)
		}
	}
}
