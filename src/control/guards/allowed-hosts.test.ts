import { describe, expect, it } from 'vitest';
import { createAllowedHosts } from './allowed-hosts.js';

const at = (bindHost: string, extra: string[] = []) => createAllowedHosts({ bindHost, extra, port: () => 8081 });

describe('createAllowedHosts', () => {
  it('knows the loopback names and the bind address, with the port', () => {
    const hosts = at('192.168.1.5');
    for (const host of ['localhost:8081', '127.0.0.1:8081', '[::1]:8081', '192.168.1.5:8081']) expect(hosts.allowsHost(host), host).toBe(true);
    for (const host of ['192.168.1.6:8081', 'localhost:8082', 'localhost', 'evil.example:8081', '', undefined])
      expect(hosts.allowsHost(host), String(host)).toBe(false);
  });

  it('writes a bare IPv6 bind address in brackets', () => {
    expect(at('fe80::1').allowsHost('[fe80::1]:8081')).toBe(true);
  });

  it('on a wildcard bind lets IP literals in (they cannot be rebound) but not unlisted names', () => {
    const hosts = at('0.0.0.0');
    expect(hosts.allowsHost('10.1.2.3:8081')).toBe(true);
    expect(hosts.allowsHost('[2001:db8::1]:8081')).toBe(true);
    expect(hosts.allowsHost('10.1.2.3:9999')).toBe(false);
    expect(hosts.allowsHost('laptop.local:8081')).toBe(false);
    expect(at('127.0.0.1').allowsHost('10.1.2.3:8081')).toBe(false);
  });

  it('takes configured names with the admin port, or with their own port', () => {
    const hosts = at('127.0.0.1', ['Mimicus.Internal', 'proxy.example:443']);
    expect(hosts.allowsHost('mimicus.internal:8081')).toBe(true);
    expect(hosts.allowsHost('proxy.example:443')).toBe(true);
    expect(hosts.allowsHost('proxy.example:8081')).toBe(false);
    expect(hosts.isOwnOrigin('https://proxy.example')).toBe(true);
  });

  it('counts as its own the http and https origins of its names, exactly', () => {
    const hosts = at('127.0.0.1');
    expect(hosts.isOwnOrigin('http://localhost:8081')).toBe(true);
    expect(hosts.isOwnOrigin('https://127.0.0.1:8081')).toBe(true);
    expect(hosts.isOwnOrigin('http://[::1]:8081')).toBe(true);
    for (const origin of [
      'null',
      'http://localhost:8082',
      'http://localhost',
      'ws://localhost:8081',
      'http://localhost:8081/path',
      'http://2130706433:8081',
      'http://localhost:8081, http://evil.example',
      'not a url',
    ]) {
      expect(hosts.isOwnOrigin(origin), origin).toBe(false);
    }
  });

  it('names the allowedHosts entry that would let a Host in', () => {
    const hosts = at('127.0.0.1');
    expect(hosts.entryFor('Mimicus.Internal:8081')).toBe('mimicus.internal');
    expect(hosts.entryFor('localhost:18081')).toBe('localhost:18081');
    expect(hosts.entryFor('proxy.example')).toBe('proxy.example:80');
  });
});
