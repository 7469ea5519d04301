package analysis_test

import "syscall"

// threadCPU is the CPU time the calling OS thread has used (RUSAGE_THREAD), so that a
// benchmark on a busy machine can tell its own work from the time it waited for a core.
func threadCPU() (float64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // 1: RUSAGE_THREAD
		return 0, false
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6, true
}
