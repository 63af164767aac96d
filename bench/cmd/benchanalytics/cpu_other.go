//go:build !unix

package main

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }

// procCPU is not measured on this platform.
func procCPU(int) time.Duration { return 0 }
