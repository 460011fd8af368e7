package match

// PinyinKey returns the syllable of r as pinyin matching compares it (toneless, zh/ch/sh
// folded to z/c/s, -ng to -n), or "" when r has no reading. For tests.
func PinyinKey(r rune) string {
	k := pinyinRune(r)
	if k == r {
		return ""
	}
	return syllableOf(k)
}

func syllableOf(k rune) string {
	names := table().names
	if i := int(k - pinyinKeyBase); i >= 0 && i < len(names) {
		return names[i]
	}
	return ""
}
