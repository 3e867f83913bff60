package followup

import "postcrm"

// FirstReached maps each warning to the day a contact first reached its
// customer.
func FirstReached(contacts []postcrm.Contact) map[int64]postcrm.Date {
	first := make(map[int64]postcrm.Date)
	for _, c := range contacts {
		if on, seen := first[c.WarningID]; c.Outcome.Reached() && (!seen || c.On < on) {
			first[c.WarningID] = c.On
		}
	}
	return first
}

// OnTime reports whether a dispatched warning's customer was first
// reached by its due date; firstReached is FirstReached's map.
func OnTime(d postcrm.Dispatch, firstReached map[int64]postcrm.Date) bool {
	on, ok := firstReached[d.WarningID]
	return ok && !d.HeldOut && on <= d.DueOn
}
