//go:build unix

package storetest

import (
	"syscall"
	"time"
)

// usage is the process's resource usage; zero if it cannot be read.
func usage() syscall.Rusage {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	ru := usage()
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the most resident memory the process has used, in bytes.
func peakRSS() int64 { return usage().Maxrss << 10 } // KiB on Linux
