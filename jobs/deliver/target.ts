// Webhook targets are typed by parents, so the sender must not be aimed at the platform's own
// network (SSRF): loopback, private, link-local and internal names are refused unless allowed.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

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
  if (INTERNAL_NAME.test(host) || !host.includes('.') && isIP(host) === 0) return true;
  if (isIP(host) === 4) return privateIpv4(host);
  if (isIP(host) === 6) return privateIpv6(host);
  return false;
}

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Why a webhook must not be sent to this URL now, or null: its host by name or literal (above), or
 * any address its name resolves to, since a public name can point inside. Checked just before
 * sending; a name that resolves differently a moment later (DNS rebinding) is not caught.
 */
export async function refusedTarget(url: string, resolve: Resolve = systemResolve): Promise<string | null> {
  if (isPrivateTarget(url)) return 'refused: private or internal address';
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return null;
  let addresses: { address: string; family: number }[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    return `request failed: could not resolve the host (${err instanceof Error && 'code' in err ? String(err.code) : 'error'})`;
  }
  if (addresses.length === 0) return 'request failed: could not resolve the host';
  const inside = addresses.some((a) => (isIP(a.address) === 6 ? privateIpv6(a.address) : privateIpv4(a.address)));
  return inside ? 'refused: the host resolves to a private or internal address' : null;
}
