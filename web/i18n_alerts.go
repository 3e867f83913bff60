package web

// The early alerts' messages: their two kinds, shown wherever a
// warning's kind is (the work list, the warnings list, the dashboards),
// and the refusals of their settings.
var _ = addMessages(catalogue{
	"kind.silent":       "突然停发",
	"kind.slowdown":     "近期发件骤减",
	"alert_level":       "预警概率水平应大于 0、小于 0.5",
	"alert_recent_days": "近期天数应在 7 到 56 天之间",
	"alert_min_drop":    "最小降幅应大于 0、小于 1",
}, catalogue{
	"kind.silent":       "Stopped shipping",
	"kind.slowdown":     "Sharp slowdown",
	"alert_level":       "The alert level must lie between 0 and 0.5",
	"alert_recent_days": "Recent days must be 7 to 56",
	"alert_min_drop":    "The minimum drop must lie between 0 and 1",
})
