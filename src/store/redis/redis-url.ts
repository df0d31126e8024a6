import { TenderError } from '../../core/errors.js';

/**
 * The two forms of a Redis store URL:
 *
 *   redis://[user[:password]@]host[:port][/db]           one Redis (rediss:// for TLS)
 *   redis+cluster://[user[:password]@]host:port,host:port,...
 *                                                         a Redis Cluster (rediss+cluster://)
 *
 * The single-node form goes to ioredis as it is. The cluster form lists seed nodes, from
 * which the client learns the rest of the cluster (CLUSTER SLOTS), so one reachable seed
 * is enough; the credentials apply to every node. A list of hosts is no WHATWG URL, so
 * that form is read here. A cluster has database 0 only, hence no path.
 *
 * No problem reported here quotes the URL: it may hold a password.
 */

export interface ClusterNode {
  host: string;
  port: number;
}

interface Described {
  /** Scheme and hosts, never the user name or password: safe for messages and logs. */
  location: string;
  /** The password as written and percent-decoded (empty when none), to scrub from messages. */
  secrets: readonly string[];
}

export type RedisTarget =
  | (Described & { kind: 'node'; url: string })
  | (Described & { kind: 'cluster'; nodes: ClusterNode[]; tls: boolean; username: string; password: string });

export type RedisUrlReading = RedisTarget | { kind: 'invalid'; problem: string };

const DEFAULT_PORT = 6379;
const SCHEMES = 'redis://, rediss://, redis+cluster:// or rediss+cluster://';
const CLUSTER_URL = /^(rediss?)\+cluster:\/\/([^/?#]*)(.*)$/s;
const NODE = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/;

/** Reads a store URL; a problem is a clause to follow the field's name ("store.url: ..."). */
export function readRedisUrl(url: string): RedisUrlReading {
  const cluster = CLUSTER_URL.exec(url);
  if (cluster) return readClusterUrl(cluster[1]!, cluster[2]!, cluster[3]!);
  if (!URL.canParse(url)) return invalid(/^rediss?:/i.test(url) ? 'is not a valid URL' : `must start with ${SCHEMES}`);
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return invalid(`must start with ${SCHEMES}`);
  const password = decoded(parsed.password);
  if (password === undefined) return invalid(BAD_ESCAPE);
  return {
    kind: 'node',
    url,
    location: `${parsed.protocol}//${parsed.hostname}:${parsed.port || DEFAULT_PORT}${parsed.pathname}`,
    secrets: secretsOf(parsed.password, password),
  };
}

/** readRedisUrl for opening a store: a bad URL is TenderError invalid_argument. */
export function parseRedisUrl(url: string): RedisTarget {
  const reading = readRedisUrl(url);
  if (reading.kind === 'invalid') {
    throw new TenderError('invalid_argument', `redis url: ${reading.problem}`, { field: 'url' });
  }
  return reading;
}

/** Replaces each secret in `message` (should a driver message ever quote one) with ***. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join('***'), message);
}

const BAD_ESCAPE = 'holds a user name or password that is not valid percent-encoding';

function readClusterUrl(scheme: string, authority: string, rest: string): RedisUrlReading {
  if (rest !== '' && rest !== '/') return invalid('must end after the cluster nodes: a cluster has no database, path or query');
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at);
  const colon = userInfo.indexOf(':');
  const [rawUser, rawPassword] = colon === -1 ? [userInfo, ''] : [userInfo.slice(0, colon), userInfo.slice(colon + 1)];
  const [username, password] = [decoded(rawUser), decoded(rawPassword)];
  if (username === undefined || password === undefined) return invalid(BAD_ESCAPE);

  const nodes: ClusterNode[] = [];
  for (const node of authority.slice(at + 1).split(',')) {
    const match = NODE.exec(node);
    if (!match) return invalid('must list the cluster nodes as host:port, separated by commas');
    const port = match[3] === undefined ? DEFAULT_PORT : Number(match[3]);
    if (port < 1 || port > 65535) return invalid('has a port outside 1-65535');
    nodes.push({ host: match[1] ?? match[2]!, port });
  }
  const hosts = nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`);
  return {
    kind: 'cluster',
    nodes,
    tls: scheme === 'rediss',
    username,
    password,
    location: `${scheme}+cluster://${hosts.join(',')}`,
    secrets: secretsOf(rawPassword, password),
  };
}

function invalid(problem: string): RedisUrlReading {
  return { kind: 'invalid', problem };
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function secretsOf(raw: string, plain: string): string[] {
  return [...new Set([raw, plain])].filter((secret) => secret !== '');
}
