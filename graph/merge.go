package graph

// MergeFill is what a merge of two people writes into the one kept: the
// stored properties of the one removed that the kept one lacks (absent,
// null, "" or an empty list). The id, the name and what derives from it,
// and the timestamps stay the kept one's.
func MergeFill(keep, remove map[string]any) map[string]any {
	fill := map[string]any{}
	for key, v := range remove {
		switch key {
		case "id", "createdAt", "updatedAt", "name", "pinyin", "pinyinKeys", "initials", "searchText":
			continue
		}
		if cur, ok := keep[key]; !ok || isEmptyValue(cur) {
			fill[key] = v
		}
	}
	return fill
}

func isEmptyValue(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	}
	return false
}
