package db

import (
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// batchStats are the writer's commit histograms' totals, for benchmarks to
// report how writes were grouped and what the commits cost.
type batchStats struct {
	commits       uint64
	writes        float64
	commitSeconds float64
}

// writerStats reads db's commit histograms.
func writerStats(b *testing.B, db *DB) batchStats {
	b.Helper()
	var size, dur dto.Metric
	if err := db.metrics.batchSize.Write(&size); err != nil {
		b.Fatal(err)
	}
	if err := db.metrics.commitSeconds.Write(&dur); err != nil {
		b.Fatal(err)
	}
	return batchStats{size.GetHistogram().GetSampleCount(), size.GetHistogram().GetSampleSum(), dur.GetHistogram().GetSampleSum()}
}

func (s batchStats) since(before batchStats) batchStats {
	return batchStats{s.commits - before.commits, s.writes - before.writes, s.commitSeconds - before.commitSeconds}
}

// report reports the mean batch and the mean commit time.
func (s batchStats) report(b *testing.B) {
	if s.commits == 0 {
		return
	}
	b.ReportMetric(s.writes/float64(s.commits), "writes/commit")
	b.ReportMetric(s.commitSeconds/float64(s.commits)*1e3, "ms/commit")
}
