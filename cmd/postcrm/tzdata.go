package main

// The time zone database is built into the binary, so that a machine or
// an image without /usr/share/zoneinfo (the FROM scratch image) reads
// TZ=Asia/Shanghai and logs in China time too. China time itself is a
// fixed zone (postcrm.ChinaTime) and needs no database.
import _ "time/tzdata"
