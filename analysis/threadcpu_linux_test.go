package analysis_test

import (
	"syscall"
	"unsafe"
)

// threadCPU is the CPU time the calling OS thread has used, in ms (clock_gettime of
// CLOCK_THREAD_CPUTIME_ID), so that a benchmark on a busy machine can tell its own work from
// the time it waited for a core.
func threadCPU() (float64, bool) {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, false
	}
	return float64(ts.Nano()) / 1e6, true
}
