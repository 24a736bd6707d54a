// PostGraphile v5 serving the database of DATABASE_URL at
// http://127.0.0.1:$PORT/graphql, the comparison of `cchc-bench loadtest`
// (docs/PERFORMANCE.md). Its schema is introspected from `public` with the
// Amber preset, the connection-filter plugin (filter: on lists) and
// pg-aggregates (aggregates and groupedAggregates); no JWT, no row-level
// security: it runs as the database user of the URL, reading and writing
// everything.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";

// pg-aggregates counts a group's rows only as distinctCount (COUNT(DISTINCT
// …)); this adds count { rowId }, a plain COUNT(…), the measure cchc's
// groups have.
const CountAggregatePlugin = {
  name: "LoadtestCountAggregatePlugin",
  version: "0.0.0",
  after: ["PgAggregatesSpecsPlugin"],
  schema: {
    hooks: {
      build(build) {
        const { sql, dataplanPg: { TYPES } } = build;
        build.pgAggregateSpecs.push({
          id: "count",
          humanLabel: "count",
          HumanLabel: "Count",
          isSuitableType: () => true,
          sqlAggregateWrap: (frag) => sql`count(${frag})`,
          isNonNull: true,
          pgTypeCodecModifier: () => TYPES.bigint,
        });
        return build;
      },
    },
  },
};

const port = Number(process.env.PORT || 5678);
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  plugins: [CountAggregatePlugin],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: (process.env.SCHEMAS || "public").split(","),
      poolConfig: { max: Number(process.env.POOL_SIZE || 10) },
    }),
  ],
  // Every column filterable and every foreign key navigable both ways, as
  // in cchc: by default v5 exposes only what an index serves.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  grafserv: { port, graphqlPath: "/graphql", watch: false },
  grafast: { explain: false },
  schema: { connectionFilterRelations: true },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
server.listen(port, "127.0.0.1", () => console.log(`postgraphile listening on http://127.0.0.1:${port}/graphql`));
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, async () => {
    server.close();
    await pgl.release();
    process.exit(0);
  });
}
