// Package netalgo holds the network algorithms Liaison runs in process over
// a weighted, undirected people graph: the compressed graph and its builder
// (WeightedGraph, GraphBuilder), Brandes betweenness centrality (exact or
// sampled, weighted or by hops) and Louvain modularity maximization. It uses
// the standard library only; graph/neo4jdb projects the people graph into
// it, or runs the same measures on the Graph Data Science library when the
// database has it.
package netalgo
