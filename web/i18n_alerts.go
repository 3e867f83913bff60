package web

// The early alerts' messages: their two kinds, shown wherever a
// warning's kind is (the work list, the warnings list, the dashboards),
// and the refusals of their settings.
var _ = addMessages(catalogue{
	"kind.silent":       "突然停发",
	"kind.slowdown":     "近期发件骤减",
	"alert_level":       "预警概率水平应大于 0、小于 0.5",
	"alert_recent_days": "近期天数应在 7 到 56 天之间",
	"alert_min_drop":    "最小降幅应大于 0%、小于 100%",

	"alerts.settings":         "早期预警设置",
	"alerts.settings_note":    "概率水平越小，预警越少、越有把握。每天早上的预警和命令行算的预警都按这里的设置。",
	"alerts.silent_level":     "停发预警概率水平（如 0.001）",
	"alerts.slowdown_level":   "骤减预警概率水平（如 0.001）",
	"alerts.recent_days":      "骤减看最近几天",
	"alerts.settings_saved":   "提前预警设置已保存，明早的预警按新设置计算。",
	"alerts.min_drop_percent": "骤减至少比平时少（%）",
}, catalogue{
	"kind.silent":       "Stopped shipping",
	"kind.slowdown":     "Sharp slowdown",
	"alert_level":       "The alert level must lie between 0 and 0.5",
	"alert_recent_days": "Recent days must be 7 to 56",
	"alert_min_drop":    "The minimum drop must lie between 0% and 100%",

	"alerts.settings":         "Early alert settings",
	"alerts.settings_note":    "The smaller the level, the fewer and surer the alerts. The morning run and the command line both use these settings.",
	"alerts.silent_level":     "Level for a stop (e.g. 0.001)",
	"alerts.slowdown_level":   "Level for a slowdown (e.g. 0.001)",
	"alerts.recent_days":      "Slowdown looks back (days)",
	"alerts.settings_saved":   "Early alert settings saved; tomorrow morning's alerts use them.",
	"alerts.min_drop_percent": "Slowdown at least this far below usual (%)",
})
