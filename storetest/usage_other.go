//go:build !unix

package storetest

import "time"

// Without getrusage the CPU and memory figures are not measured.
func cpuTime() time.Duration { return 0 }

func peakRSS() int64 { return 0 }
