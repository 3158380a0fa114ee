import { cpus } from 'node:os';
import { clusterRows, ClusterReport } from './clusters';
import { CONNECTIONS, DURATION, measure } from './measure';
import { PeerServer, startPeer } from './peers/peer';
import { Row, writeReport } from './report';
import { scaleRows } from './scale';
import { active, form, prepare, scenarios, wanted } from './scenarios';
import { startServer } from './server';

const PORT = Number(process.env.BENCH_PORT ?? 3900);

/**
 * `npm run bench`: every hot path against the ceiling (GET /healthz) on the same server, and
 * node-oidc-provider doing the same client-credentials and introspection work, in one run; the
 * figures are ratios, which hold on a noisy machine where absolute numbers do not. Then some of
 * the same scenarios on Galera and Redis Cluster (BENCH_CLUSTERS=0 leaves them out). Writes
 * docs/benchmarks.md.
 */
async function main(): Promise<void> {
  const server = await startServer(PORT);
  const rows: Row[] = [];
  const peerRows: Row[] = [];
  let scale: Row[] = [];
  let peerName = 'node-oidc-provider';
  try {
    const fx = await prepare(server);
    for (const scenario of scenarios(fx))
      if (wanted(scenario.n)) rows.push(await scenario.run(`${scenario.n}. ${scenario.title}`));

    // The peer, on the same machine in the same run, doing the same work.
    const peer = wanted(4) || wanted(6) ? await startPeer(PORT + 50) : undefined;
    if (peer)
      try {
        peerName = peer.name;
        if (wanted(4)) peerRows.push(await peerClientCredentials('4p', peer));
        if (wanted(6))
          peerRows.push(
            await measure(
              `6p. ${peer.name}: POST token introspection`,
              {
                url: peer.introspectUrl,
                method: 'POST',
                headers: { ...form, authorization: peer.basicAuth },
                body: `token=${peer.accessToken}`,
              },
              { pid: peer.pid, check: active },
            ),
          );
      } finally {
        await peer.stop();
      }
    // The same peer issuing what Consentry issues: ES256-signed JWT access tokens (it keeps no
    // record of those; Consentry writes each one's row before answering).
    if (wanted(4)) {
      const jwtPeer = await startPeer(PORT + 51, 'jwt');
      try {
        peerRows.push(await peerClientCredentials('4j', jwtPeer));
      } finally {
        await jwtPeer.stop();
      }
    }

    if (process.env.BENCH_SCALE)
      scale = await scaleRows(server, {
        ownerId: fx.v2.owner.id,
        bearer: fx.v2.accessToken,
        introspect: { auth: fx.webAuth, token: fx.tokens.access_token },
        original: fx.original,
      });
  } finally {
    await server.stop();
  }
  // Only now: starting Galera takes both cores for half a minute, which must not fall inside a row.
  const clusters: ClusterReport = await clusterRows({ port: PORT + 10, single: server.database });
  writeReport({
    rows,
    peerRows,
    scale,
    clusters,
    peerName,
    database: server.database,
    duration: DURATION,
    connections: CONNECTIONS,
    cpus: `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
  });
}

/** Scenario 4 against a peer: its token endpoint, client_credentials, Basic authentication. */
function peerClientCredentials(label: string, peer: PeerServer): Promise<Row> {
  return measure(
    `${label}. ${peer.name}: POST token, client_credentials`,
    {
      url: peer.tokenUrl,
      method: 'POST',
      headers: { ...form, authorization: peer.basicAuth },
      body: 'grant_type=client_credentials&scope=api',
    },
    { pid: peer.pid },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
