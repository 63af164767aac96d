package neo4jdb

// SetTieChunk sets the chunk of db's full tie recomputations (tests).
func SetTieChunk(db *DB, n int) { db.tieChunk = n }
