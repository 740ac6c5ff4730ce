import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { CommandError } from '../engine/errors.js';
import type { SimRequest } from '../engine/http.js';

/** How the admin API is protected (see the README, "Security"). */
export interface AdminSecurityOptions {
  /** When set, every /_sim route but health needs `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** Host names (besides loopback, IP literals and single-label names) the admin API answers to; "*" for any. */
  allowedHosts?: string[];
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether a request carries the admin token (always true when none is configured). */
export function hasAdminToken(request: SimRequest, token: string | undefined): boolean {
  if (!token) return true;
  const m = /^Bearer\s+(.+)$/i.exec(request.headers['authorization']?.trim() ?? '');
  return m !== null && timingSafeEqual(digest(m[1].trim()), digest(token));
}

/** Host name of a Host header or an authority, lower case, without port or IPv6 brackets. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']') === -1 ? undefined : a.indexOf(']'));
  const colon = a.lastIndexOf(':');
  return colon === -1 || a.indexOf(':') !== colon ? a : a.slice(0, colon);
}

/**
 * Names no attacker can point at this machine from a web page (DNS rebinding needs a name the
 * attacker's DNS answers for): loopback names, IP literals and single-label names (compose services).
 */
export function isLocalName(name: string): boolean {
  return name === '' || name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0 || !name.includes('.');
}

/**
 * Refuses what a web page could make a browser send: a cross-origin request (its Origin is not the
 * Host it was sent to), a request under a name outside the allowed ones (DNS rebinding; skipped
 * when a token is required, since a page cannot know it), a write whose body is not declared JSON,
 * and, with a token configured, a request without it.
 */
export function guardAdmin(request: SimRequest, options: AdminSecurityOptions): void {
  const host = request.headers['host'] ?? '';
  const allowed = options.allowedHosts ?? [];
  const origin = request.headers['origin'];
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || (originHost !== host.toLowerCase() && !allowed.includes('*') && !allowed.includes(hostName(originHost)))) {
      throw new CommandError(403, `Cross-origin requests to the admin API are refused (Origin ${origin}).`);
    }
  }
  if (!hasAdminToken(request, options.adminToken)) {
    throw new CommandError(401, 'The admin API needs the admin token: send "Authorization: Bearer <token>" (the server was started with --admin-token or MEWS_SIM_ADMIN_TOKEN).');
  }
  if (!options.adminToken && !isLocalName(hostName(host)) && !allowed.includes('*') && !allowed.includes(hostName(host))) {
    throw new CommandError(403, `The admin API does not answer to host "${host}": add it with --allowed-host ${hostName(host)}, or set an admin token.`);
  }
  const writes = request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH' || request.method === 'DELETE';
  if (writes && (request.bodyBytes > 0 || (request.body ?? '') !== '')) {
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
      throw new CommandError(415, `Content-Type must be application/json; got ${type ? `"${type}"` : 'none'}.`);
    }
  }
}

/** Who may be called on a URL set through the admin API (partner endpoints, webhooks, scenario partners). */
export interface OutboundPolicy {
  /** Hosts named at start-up (--partner-url, --webhook-url, ...) and by --allow-outbound-host; "*" for any. */
  hosts: Set<string>;
}

/**
 * Checks a URL the admin API is asked to call later: http(s) only, and a host that is loopback, a
 * single-label name (a compose service), one given at start-up, or allowed with --allow-outbound-host.
 * Cloud metadata and other link-local addresses are refused unless allowed by name.
 */
export function checkOutboundUrl(url: string, policy: OutboundPolicy, field: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CommandError(400, `${field}: not a URL: ${url}`, field);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CommandError(400, `${field}: only http and https URLs are called; got ${u.protocol}`, field);
  const name = hostName(u.host);
  if (policy.hosts.has('*') || policy.hosts.has(name)) return;
  const loopback = name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\./.test(name);
  const singleLabel = isIP(name) === 0 && !name.includes('.');
  if (loopback || singleLabel) return;
  throw new CommandError(
    403,
    `${field}: mews-sim calls only loopback addresses, single-label hosts and the hosts given at start-up; start it with --allow-outbound-host ${name} to call ${u.host}.`,
    field,
  );
}

/** The host names of start-up URLs, to add to an outbound policy. */
export function hostsOf(urls: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const url of urls) {
    if (!url) continue;
    try {
      out.push(hostName(new URL(url).host));
    } catch {
      // An invalid start-up URL is reported where it is used.
    }
  }
  return out;
}
