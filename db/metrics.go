package db

import "github.com/prometheus/client_golang/prometheus"

var _ prometheus.Collector = (*DB)(nil)

// The outcomes of a write, the result label of claimtrail_db_writes_total.
const (
	resultOK        = "ok"        // committed
	resultFailed    = "failed"    // its fn, the audit rule or its transaction failed
	resultCancelled = "cancelled" // the caller's context was done before it started
)

// storeMetrics are the store's Prometheus metrics: how the writer groups
// commits, what a commit costs, how far writes are backed up, and how long
// the audit log is. Reading them costs no query: the log's size is kept
// in DB.logEvents as commits happen.
type storeMetrics struct {
	batchSize     prometheus.Histogram
	commitSeconds prometheus.Histogram
	writes        *prometheus.CounterVec
	queueDepth    prometheus.GaugeFunc
	logEvents     prometheus.GaugeFunc
}

func newStoreMetrics(db *DB) *storeMetrics {
	m := &storeMetrics{
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "claimtrail_db_commit_batch_size",
			Help:    "Writes run in one transaction of the writer, committed with one fsync (group commit).",
			Buckets: prometheus.ExponentialBuckets(1, 2, 9), // 1 to maxBatchRequests
		}),
		commitSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "claimtrail_db_commit_duration_seconds",
			Help:    "Time to commit one transaction of the writer: writing its pages to the WAL and the fsync (synchronous=FULL).",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 14), // 0.1 ms to 0.8 s
		}),
		writes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimtrail_db_writes_total",
			Help: "Writes answered by the writer, by result: ok (committed), failed, cancelled (the caller gave up before it started).",
		}, []string{"result"}),
		queueDepth: prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "claimtrail_db_write_queue_depth",
			Help: "Writes waiting for the writer, not yet started.",
		}, func() float64 {
			if db.queue == nil {
				return 0
			}
			return float64(db.queue.depth())
		}),
		logEvents: prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "claimtrail_audit_log_events",
			Help: "Events in the audit log (the size of its Merkle tree), as of the writer's last commit.",
		}, func() float64 { return float64(db.logEvents.Load()) }),
	}
	for _, r := range []string{resultOK, resultFailed, resultCancelled} {
		m.writes.WithLabelValues(r) // every result shows, at 0 until it happens
	}
	return m
}

func (m *storeMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.batchSize, m.commitSeconds, m.writes, m.queueDepth, m.logEvents}
}

// Describe implements prometheus.Collector, so that a server can register
// the store with its registry.
func (db *DB) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range db.metrics.collectors() {
		c.Describe(ch)
	}
}

// Collect implements prometheus.Collector. It runs no query.
func (db *DB) Collect(ch chan<- prometheus.Metric) {
	for _, c := range db.metrics.collectors() {
		c.Collect(ch)
	}
}
