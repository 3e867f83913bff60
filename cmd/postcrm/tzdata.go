package main

// The time zone database is built into the binary, so that a machine or
// an image without /usr/share/zoneinfo (the FROM scratch image) reads
// TZ=Asia/Shanghai and logs in China time too. China time itself is a
// fixed zone (postcrm.ChinaTime) and needs no database. Build the image's
// binary with -tags timetzdata as well: run in a root without zoneinfo,
// a binary with only this import logged in UTC, one built with the tag
// in China time (the tag puts the database in the time package itself,
// before any package's initialisation reads the clock).
import _ "time/tzdata"
