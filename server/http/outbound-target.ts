// Webhook targets are typed by parents, so the sender must not be aimed at the platform's own
// network (SSRF): loopback, private, link-local and internal names are refused unless allowed.
import { lookup as lookupCallback, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';

const INTERNAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

function privateIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

function privateIpv6(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === '::' || v === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return privateIpv4(mapped[1]!);
  // URL parsing writes an IPv4-mapped address in hex ("::ffff:a00:1" for 10.0.0.1).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return privateIpv4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  // IPv4 inside IPv6: IPv4-compatible (::a.b.c.d, written ::xxxx:xxxx), NAT64 (64:ff9b::/96) and
  // 6to4 (2002::/16) can each reach an IPv4 address, private ones included: refused whole, as no
  // push service or webhook receiver needs them.
  if (/^::[0-9a-f]{1,4}(:[0-9a-f]{1,4})?$/.test(v) || /^::\d+\.\d+\.\d+\.\d+$/.test(v) || v.startsWith('64:ff9b:') || v.startsWith('2002:')) return true;
  return /^f[cd]/.test(v) || /^fe[89ab]/.test(v) || v.startsWith('ff');
}

/** True when a URL points at a loopback, private, link-local or internal host (by name or literal address). */
export function isPrivateTarget(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return true;
  }
  if (INTERNAL_NAME.test(host) || (!host.includes('.') && isIP(host) === 0)) return true;
  if (isIP(host) === 4) return privateIpv4(host);
  if (isIP(host) === 6) return privateIpv6(host);
  return false;
}

/** An address the sender may connect to: not loopback, private, link-local or internal. */
export const isPublicAddress = (address: string): boolean => (isIP(address) === 6 ? !privateIpv6(address) : !privateIpv4(address));

export const RESOLVES_INSIDE = 'refused: the host resolves to a private or internal address';

/**
 * A DNS lookup for the connection itself that fails when any address of the name is not allowed.
 * The socket then connects only to addresses checked in this same lookup, so a name that answers
 * a public address to a check and a private one to the connection (DNS rebinding) gets nowhere.
 */
export function guardedLookup(allowed: (address: string) => boolean, resolve: typeof lookupCallback = lookupCallback): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      const list = (addresses ?? []) as unknown as LookupAddress[];
      if (err) return callback(err, '', 0);
      if (list.length === 0 || !list.every((a) => allowed(a.address))) {
        return callback(Object.assign(new Error(RESOLVES_INSIDE), { code: 'EADDRNOTALLOWED' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * POSTs a body over Node's http(s) with the connection's DNS lookup guarded (guardedLookup): what
 * the sender uses when private targets are not allowed (fetch takes no lookup of ours).
 * A connection of its own each time (no pooled socket), so every delivery makes its own checked
 * lookup. The answer's body is discarded; redirects are not followed.
 */
export function pinnedPost(
  url: string,
  init: { headers: Record<string, string>; body: string | Uint8Array; signal: AbortSignal /** Trusted besides the system's CAs (tests). */; ca?: string | Buffer },
  lookupFn: LookupFunction,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (!send) return reject(new Error(`unsupported protocol ${target.protocol}`));
    const headers = { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
    const tls = init.ca ? { ca: [...rootCertificates, String(init.ca)] } : {};
    const req = send(target, { method: 'POST', headers, lookup: lookupFn, signal: init.signal, agent: false, ...tls }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
