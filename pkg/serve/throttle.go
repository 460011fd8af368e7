package serve

import (
	"crypto/sha256"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Failed logins are counted by user name and by client address: past a limit within
// failWindow the next attempt is refused, right password or not, until the oldest
// failure of the window has aged out. A password or a token cannot be guessed at the
// speed of the network (bcrypt spends 60 ms of a core on each try, so a guesser also
// held the machine), and a guesser moving between names is stopped by its address.
const (
	failWindow  = 15 * time.Minute
	nameFails   = 5  // failures of one name
	clientFails = 20 // failures from one address
	// maxKeys is how many names and addresses are remembered at most. When a new one
	// would pass it, the expired go, and if that is not enough the quarter whose last
	// failure is oldest: guessers from many addresses (an IPv6 block) with a new name
	// each time grew the map without bound for the whole window.
	maxKeys = 16384
)

// The failures are kept in the workbench's memory: a restart forgets them, and two
// workbenches on one store count apart. Behind a reverse proxy every client has the
// proxy's address, so its limit is shared: the names' limits still apply.

type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

func newThrottle() *throttle {
	return &throttle{fails: map[string][]time.Time{}, now: time.Now}
}

// client is the key of the request's address.
func client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr\x00" + host
}

// nameKey is the key of a user name: a hash of it, of a fixed size. The login form takes
// a name of up to a megabyte, and every one tried was kept whole for the window.
func nameKey(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "name\x00" + string(sum[:16])
}

// limit is how many failures key may have in a window.
func limit(key string) int {
	if key[:4] == "name" {
		return nameFails
	}
	return clientFails
}

// wait is how long until keys may try again: 0 when none is locked.
func (t *throttle) wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		f := t.live(k, now)
		if len(f) >= limit(k) {
			// Free when the failure that made the count the limit has aged out.
			longest = max(longest, f[len(f)-limit(k)].Add(failWindow).Sub(now))
		}
	}
	return longest
}

// fail records a failure of each key.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		if _, known := t.fails[k]; !known && len(t.fails) >= maxKeys {
			t.shrink(now)
		}
		f := t.live(k, now)
		if len(f) >= 2*limit(k) {
			f = f[1:] // enough to stay locked; memory stays bounded
		}
		t.fails[k] = append(f, now)
	}
}

// shrink makes room: it drops the expired keys and, if a quarter of the room is not free
// then, the keys whose last failure is oldest until it is; t.mu is held. Done once for
// every quarter of maxKeys new keys at most, it costs little per failure. A name under
// attack keeps failing, so it is among the last to go: to have it forgotten a guesser
// must fail thousands of times elsewhere in between, each a bcrypt check of 60 ms.
func (t *throttle) shrink(now time.Time) {
	for k := range t.fails {
		t.live(k, now)
	}
	if len(t.fails) <= maxKeys*3/4 {
		return
	}
	type key struct {
		k    string
		last time.Time
	}
	keys := make([]key, 0, len(t.fails))
	for k, f := range t.fails {
		keys = append(keys, key{k, f[len(f)-1]})
	}
	slices.SortFunc(keys, func(a, b key) int { return a.last.Compare(b.last) })
	for _, k := range keys[:len(keys)-maxKeys*3/4] {
		delete(t.fails, k.k)
	}
}

// forget clears key's failures: the user logged in.
func (t *throttle) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

// live drops key's failures older than the window; t.mu is held.
func (t *throttle) live(key string, now time.Time) []time.Time {
	f := t.fails[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= failWindow {
		i++
	}
	if i == len(f) {
		delete(t.fails, key)
		return nil
	}
	f = f[i:]
	t.fails[key] = f
	return f
}
