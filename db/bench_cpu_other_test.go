//go:build !unix

package db

import (
	"testing"
	"time"
)

// processCPU is not measured here; cpu-ms/op then reads 0.
func processCPU(*testing.B) time.Duration { return 0 }
