package benchkit

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Mem is one reading of the process's memory, in bytes.
type Mem struct {
	// HeapObjects is the Go heap held by objects, live or not yet swept
	// (runtime/metrics /memory/classes/heap/objects:bytes).
	HeapObjects uint64
	// HeapLive is the heap the last garbage collection found reachable
	// (/gc/heap/live:bytes): what the program holds, without the garbage
	// the pacer lets accumulate between collections.
	HeapLive uint64
	// GoTotal is all memory the Go runtime has mapped: heap, stacks,
	// metadata, free spans not yet returned (/memory/classes/total:bytes).
	GoTotal uint64
	// RSS is the resident set (VmRSS of /proc/self/status; 0 where there
	// is no /proc).
	RSS uint64
}

// ReadMem reads the process's memory now.
func ReadMem() Mem {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	m := Mem{HeapObjects: s[0].Value.Uint64(), HeapLive: s[1].Value.Uint64(), GoTotal: s[2].Value.Uint64()}
	m.RSS, _ = procStatus("VmRSS:")
	return m
}

// MemReport is what a MemSampler saw.
type MemReport struct {
	// Baseline is read after a garbage collection, before the load.
	Baseline Mem
	// Peak holds the largest value of each field over the samples (not
	// necessarily from the same sample).
	Peak    Mem
	Samples int
	// HWM is the kernel's peak RSS (VmHWM), reset when sampling started if
	// HWMReset, else since the process started.
	HWM      uint64
	HWMReset bool
}

// String reports the baseline and the peaks in MiB.
func (r MemReport) String() string {
	mib := func(b uint64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB" }
	hwm := "peak RSS since the process started (VmHWM could not be reset) " + mib(r.HWM)
	if r.HWMReset {
		hwm = "kernel peak RSS (VmHWM, reset at the start) " + mib(r.HWM)
	}
	return fmt.Sprintf("Go heap objects %s -> peak %s (live after GC %s -> peak %s); Go runtime total %s -> peak %s; RSS %s -> peak %s (%d samples); %s",
		mib(r.Baseline.HeapObjects), mib(r.Peak.HeapObjects), mib(r.Baseline.HeapLive), mib(r.Peak.HeapLive),
		mib(r.Baseline.GoTotal), mib(r.Peak.GoTotal),
		mib(r.Baseline.RSS), mib(r.Peak.RSS), r.Samples, hwm)
}

// MemSampler reads the process's memory at a fixed interval and keeps the
// peaks.
type MemSampler struct {
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	rep  MemReport
}

// SampleMem collects garbage, reads the baseline, resets the kernel's peak
// RSS where Linux allows it (/proc/self/clear_refs), and samples every
// interval until Stop.
func SampleMem(every time.Duration) *MemSampler {
	runtime.GC()
	m := &MemSampler{stop: make(chan struct{}), done: make(chan struct{})}
	m.rep.Baseline = ReadMem()
	m.rep.Peak = m.rep.Baseline
	m.rep.HWMReset = resetHWM() == nil
	go func() {
		defer close(m.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				m.sample()
			}
		}
	}()
	return m
}

func (m *MemSampler) sample() {
	s := ReadMem()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rep.Samples++
	m.rep.Peak.HeapObjects = max(m.rep.Peak.HeapObjects, s.HeapObjects)
	m.rep.Peak.HeapLive = max(m.rep.Peak.HeapLive, s.HeapLive)
	m.rep.Peak.GoTotal = max(m.rep.Peak.GoTotal, s.GoTotal)
	m.rep.Peak.RSS = max(m.rep.Peak.RSS, s.RSS)
}

// Stop takes a last sample, stops sampling and returns the report.
func (m *MemSampler) Stop() MemReport {
	close(m.stop)
	<-m.done
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rep.HWM, _ = procStatus("VmHWM:")
	return m.rep
}

// resetHWM resets the process's peak RSS (VmHWM) to its current RSS.
func resetHWM() error {
	f, err := os.OpenFile("/proc/self/clear_refs", os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("5"); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// procStatus reads a "Key:  123 kB" line of /proc/self/status, in bytes.
func procStatus(key string) (uint64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte(key))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0, fmt.Errorf("/proc/self/status: unexpected %s line %q", key, sc.Bytes())
		}
		n, err := strconv.ParseUint(string(f[0]), 10, 64)
		return n << 10, err
	}
	return 0, fmt.Errorf("/proc/self/status: no %s line", key)
}

// LoadAvg is the system's load averages over 1, 5 and 15 minutes
// (/proc/loadavg), or "unknown".
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// CPUTime is the CPU time (user and system) the process has used so far.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
