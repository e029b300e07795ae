package web

import (
	"bytes"
	"sync"
)

// maxPooledBuffer is the largest buffer put back in the pool: a page with
// a long document may need megabytes once, and the pool should not keep
// them for every later request.
const maxPooledBuffer = 256 << 10

// buffers holds the buffers pages and JSON answers are rendered into
// before they are written, so that a request does not grow a new one.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// getBuffer returns an empty buffer from the pool.
func getBuffer() *bytes.Buffer {
	return buffers.Get().(*bytes.Buffer)
}

// putBuffer returns buf to the pool, unless it has grown too large. The
// caller must be done with its bytes: the response has been written.
func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBuffer {
		return
	}
	buf.Reset()
	buffers.Put(buf)
}
