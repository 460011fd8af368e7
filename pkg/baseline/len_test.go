package baseline

// Len is the number of known findings.
func (b *Baseline) Len() int {
	n := 0
	for _, c := range b.known {
		n += c
	}
	return n
}
