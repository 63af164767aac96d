// The peer of `make bench-peer`: @neo4j/graphql over the Neo4j that
// Liaison serves, on a loopback port, with the type definitions of
// typedefs.graphql. POST /graphql with {query, variables}; no auth (the
// benchmark's queries leave out undiscoverable people themselves).
//
//   NEO4J_URI=bolt://127.0.0.1:17741 PEER_ADDR=127.0.0.1:18742 node server.mjs
import { readFileSync } from "node:fs";
import http from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { graphql } from "graphql";
import neo4j from "neo4j-driver";

const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:17741";
const [host, port] = (process.env.PEER_ADDR ?? "127.0.0.1:18742").split(":");
if (host !== "127.0.0.1") throw new Error("PEER_ADDR must be on 127.0.0.1");
const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? "liaison-dev"),
  { maxConnectionPoolSize: 64 });
// The search statement is shared with the raw Cypher line of the benchmark.
const searchPeople = readFileSync(new URL("../cmd/benchpeer/search-people.cypher", import.meta.url), "utf8");
const typeDefs = readFileSync(new URL("./typedefs.graphql", import.meta.url), "utf8").replace("{{searchPeople}}", () => searchPeople);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/graphql") {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    let out;
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      out = await graphql({ schema, source: query, variableValues: variables, contextValue: {} });
    } catch (e) {
      out = { errors: [{ message: String(e) }] };
    }
    const body = JSON.stringify(out);
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(port), host, () => console.log(`peer: @neo4j/graphql on http://${host}:${port}/graphql over ${uri}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, async () => { server.close(); await driver.close(); process.exit(0); });
