//go:build !linux

package analysis_test

// threadCPU is not measured outside Linux.
func threadCPU() (float64, bool) { return 0, false }
