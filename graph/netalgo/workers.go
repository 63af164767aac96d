package netalgo

import "sync"

// workerCount is how many goroutines share n pieces of work: requested,
// or def when requested is 0 or less; at least 1 and at most n.
func workerCount(requested, def, n int) int {
	if requested <= 0 {
		requested = def
	}
	return max(1, min(requested, n))
}

// inParallel runs f(0), …, f(workers−1), each in a goroutine of its own,
// and waits for them all.
func inParallel(workers int, f func(w int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}
