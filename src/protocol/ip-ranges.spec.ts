import { ALLOW_ALL, ipInRanges, parseIpRanges } from './ip-ranges';

describe('parseIpRanges', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.1', '10.0.0.1/32'],
    ['10.0.0.1/8', '10.0.0.0/8'],
    ['192.168.77.200/20', '192.168.64.0/20'],
    ['  172.16.0.0/12\t', '172.16.0.0/12'],
    ['1.2.3.4/08', '1.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1/128'],
    ['2001:db8:abcd:1234::1/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    // IPv4 written in IPv6-mapped form is stored as the IPv4 range it denotes.
    ['::ffff:10.1.2.3/104', '10.0.0.0/8'],
    ['::ffff:1.2.3.4', '1.2.3.4/32'],
    ['::ffff:0:0/96', '0.0.0.0/0'],
  ])('normalizes %p to %p', (entry, expected) => {
    expect(parseIpRanges([entry])).toEqual({ ranges: [expected], invalid: [] });
  });

  it.each([
    [''], ['   '], ['10.0.0.1/33'], ['10.0.0.1/-1'], ['10.0.0.1/'], ['10.0.0.1/8/8'], ['10.0.0.1/ 8'],
    ['2001:db8::/129'], ['256.0.0.1'], ['10.0.0'], ['10.1'], ['167772161'], ['010.0.0.1'],
    ['0x0a.0.0.1'], ['fe80::1%eth0'], ['fe80::1%eth0/64'], ['[::1]'], ['::1/128x'], ['example.org'],
    ['10.0.0.0-10.0.0.255'], ['*'],
  ])('puts %p in invalid', (entry) => {
    expect(parseIpRanges([entry])).toEqual({ ranges: [], invalid: [entry] });
  });

  it('drops duplicates after normalization and keeps the first-seen order', () => {
    expect(parseIpRanges(['10.0.0.1/8', '2001:db8::/32', '10.0.0.0/8', ' 10.9.9.9/8 ', '2001:DB8::1/32'])).toEqual({
      ranges: ['10.0.0.0/8', '2001:db8::/32'],
      invalid: [],
    });
  });

  it('sorts a mixed list into ranges and invalid entries', () => {
    expect(parseIpRanges(['1.2.3.4', 'nope', '::1', '1.2.3.4/40'])).toEqual({
      ranges: ['1.2.3.4/32', '::1/128'],
      invalid: ['nope', '1.2.3.4/40'],
    });
  });

  it('accepts the MediaWiki default unchanged', () => {
    expect(parseIpRanges(ALLOW_ALL)).toEqual({ ranges: ['0.0.0.0/0', '::/0'], invalid: [] });
  });
});

describe('ipInRanges', () => {
  const office = ['192.0.2.0/24', '2001:db8:1::/48'];

  it.each([
    ['192.0.2.7', office, true],
    ['192.0.2.255', office, true],
    ['192.0.3.1', office, false],
    ['2001:db8:1:ffff::1', office, true],
    ['2001:db8:2::1', office, false],
    // Node's report of an IPv4 client on a dual-stack socket.
    ['::ffff:192.0.2.7', office, true],
    ['::ffff:192.0.3.1', office, false],
    ['::ffff:192.0.2.7', ['::/0'], false],
    ['::ffff:192.0.2.7', ['0.0.0.0/0'], true],
    ['192.0.2.7', ['::ffff:192.0.2.0/120'], true],
    ['192.0.2.7', ['::/0'], false],
    ['2001:db8::1', ['0.0.0.0/0'], false],
    ['10.1.2.3', ALLOW_ALL, true],
    ['2001:db8::1', ALLOW_ALL, true],
    ['fe80::1%eth0', ['fe80::/10'], true],
    ['10.0.0.1', [], false],
    ['203.0.113.9', ['203.0.113.9/32'], true],
    ['203.0.113.10', ['203.0.113.9/32'], false],
  ])('%p in %j → %p', (ip, ranges, expected) => {
    expect(ipInRanges(ip, ranges)).toBe(expected);
  });

  it.each([[''], ['not-an-ip'], ['010.0.0.1'], ['10.1'], ['10.0.0.1/8'], ['[::1]'], [undefined], [null], [42]])(
    'refuses the unparseable client %p even when everything is allowed',
    (ip) => {
      expect(ipInRanges(ip as string, ALLOW_ALL)).toBe(false);
    },
  );

  it('skips unparseable stored ranges instead of throwing', () => {
    expect(ipInRanges('10.0.0.1', ['garbage', '10.0.0.0/99'])).toBe(false);
    expect(ipInRanges('10.0.0.1', ['garbage', '10.0.0.0/8'])).toBe(true);
    expect(ipInRanges('10.0.0.1', [undefined, null, 7] as unknown as string[])).toBe(false);
    expect(ipInRanges('10.0.0.1', null as unknown as string[])).toBe(false);
  });
});
