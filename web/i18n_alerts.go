package web

// The early alerts' messages: their two kinds, shown wherever a
// warning's kind is (the work list, the warnings list, the dashboards).
var _ = addMessages(catalogue{
	"kind.silent":   "突然停发",
	"kind.slowdown": "近期发件骤减",
}, catalogue{
	"kind.silent":   "Stopped shipping",
	"kind.slowdown": "Sharp slowdown",
})
