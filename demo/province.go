package demo

import "postcrm/calendar"

// province is the whole synthetic world before it is written out: org,
// customers and walk-ins with their true behaviour. Waybills are not kept:
// they are regenerated day by day from it.
type province struct {
	seed        uint64
	scale       Scale
	win         window
	cal         *calendar.Calendar
	patterns    *patterns
	phones      phoneBook
	offices     []office
	cityOffices [][]int32
	staff       []staff
	departed    []string // IDs of employees who left: they still appear in other exports
	customers   []customer
	walkins     []walkin
	text        *waybillText
	planted     []*planted // acceptance-policy adjustments
}

func buildProvince(o Options, cal *calendar.Calendar) (*province, error) {
	p := &province{
		seed:  uint64(o.Seed),
		scale: o.Scale,
		win:   o.window(),
		cal:   cal,
	}
	if err := p.win.checkCalendar(cal); err != nil {
		return nil, err
	}
	p.patterns = newPatterns(p.win, cal)
	r := newRNG(p.seed, streamOrg, 1)
	p.phones = newPhoneBook(&r, p.scale.Walkins)
	if err := p.buildOrg(); err != nil {
		return nil, err
	}
	p.cityOffices = make([][]int32, len(cities))
	for i, o := range p.offices {
		p.cityOffices[o.City] = append(p.cityOffices[o.City], int32(i))
	}
	p.buildCustomers()
	p.assignChanges()
	p.plantAdjustments()
	p.buildWalkins()
	p.text = p.newWaybillText()
	return p, nil
}
