CALL () {
  MATCH (n:Entity) WHERE n.searchText CONTAINS $q AND n:Person RETURN n, 0.0 AS ft LIMIT 2000
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_names', $q, {limit: 200}) YIELD node, score
  WITH node AS n, score WHERE n:Person RETURN n, score AS ft
}
WITH n, max(ft) AS ft WHERE coalesce(n.discoverable, true)
WITH n, ft, toLower(n.name) AS name, coalesce(n.pinyinKeys, []) AS full, coalesce(n.initials, []) AS ini
WITH n, CASE
    WHEN name = $q THEN 1.0
    WHEN name STARTS WITH $q THEN 0.9
    WHEN size(full) > 0 AND full[0] = $q THEN 0.85
    WHEN $q IN full THEN 0.82
    WHEN size(ini) > 0 AND ini[0] = $q THEN 0.8
    WHEN $q IN ini THEN 0.75
    WHEN name CONTAINS $q THEN 0.7
    WHEN any(k IN full WHERE k STARTS WITH $q) THEN 0.6
    WHEN any(k IN ini WHERE k STARTS WITH $q) THEN 0.5
    WHEN toLower(coalesce(n.nameEn, '')) CONTAINS $q THEN 0.45
    WHEN n.searchText CONTAINS $q THEN 0.4
    ELSE 0.1 + 0.2 * (ft / (ft + 1.0))
  END AS score
ORDER BY score DESC, size(n.name), n.pinyin, n.id
